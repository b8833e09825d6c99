"""Generate the markdown reference of every config key from the pydantic models."""

from __future__ import annotations

import json
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.schema import SECRET_MASK, model_class, strip_optional


@dataclass(frozen=True)
class ReferenceRow:
    """One documented key."""

    key: str
    type: str
    default: str
    description: str


def generate_config_reference(model: type[BaseModel] = ResumeNerConfig) -> str:
    """Return a markdown reference of every key of ``model``.

    When every top-level field is a section (as in :class:`ResumeNerConfig`) there is one
    heading and table per section, otherwise one table. Each row gives the dotted key, type,
    default and description; nested sections are recursed into, list items appear as
    ``key[]`` and mapping entries as ``key.<key>`` (one group of rows per kind of a
    discriminated union, such as the search-space parameter kinds).
    """
    header = ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |"]
    fields = model.model_fields
    if not all(model_class(field.annotation) is not None for field in fields.values()):
        return "\n".join([*header, *map(_format, reference_rows(model))]) + "\n"
    lines: list[str] = []
    for name, field in fields.items():
        rows = _field_rows(name, field)[1:]
        lines += [f"## `{name}`", "", _escape(field.description or ""), "", *header]
        lines += [*map(_format, rows), ""]
    return "\n".join(lines)


def reference_rows(model: type[BaseModel], prefix: str = "") -> list[ReferenceRow]:
    """Return a row for every field reachable from ``model`` (nested ones included)."""
    rows: list[ReferenceRow] = []
    for name, field in model.model_fields.items():
        rows.extend(_field_rows(f"{prefix}{name}", field))
    return rows


def _field_rows(key: str, field: FieldInfo) -> list[ReferenceRow]:
    annotation = field.annotation
    rows = [ReferenceRow(key, type_name(annotation), _default(field), field.description or "")]
    nested = model_class(annotation)
    if nested is not None:
        return rows + reference_rows(nested, f"{key}.")
    inner = strip_optional(annotation)
    origin = get_origin(inner)
    if origin is list:
        suffix, members = f"{key}[].", _models_in(get_args(inner)[0])
    elif origin is dict:
        suffix, members = f"{key}.<key>.", _models_in(get_args(inner)[1])
    else:
        return rows
    for member in members:
        kind = _kind(member) if len(members) > 1 else ""
        for row in reference_rows(member, suffix):
            rows.append(ReferenceRow(row.key, row.type, row.default, f"{kind}{row.description}"))
    return rows


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _kind(model: type[BaseModel]) -> str:
    field = model.model_fields.get("type")
    if field is not None and get_origin(field.annotation) is Literal:
        return f"({', '.join(str(a) for a in get_args(field.annotation))}) "
    return f"({model.__name__}) "


_NAMES: dict[Any, str] = {type(None): "null", SecretStr: "secret", Any: "any"}


def type_name(annotation: Any) -> str:
    """Return a readable name of a type annotation (``int | null``, ``list[str]``)."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        text = type_name(args[0])
    elif origin in (Union, types.UnionType):
        text = " | ".join(type_name(arg) for arg in args)
    elif origin is Literal:
        text = " | ".join(json.dumps(arg) for arg in args)
    elif origin is not None:
        text = f"{getattr(origin, '__name__', origin)}[{', '.join(map(type_name, args))}]"
    else:
        text = _NAMES.get(annotation) or str(getattr(annotation, "__name__", annotation))
    return text


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel) and model_class(field.annotation) is not None:
        return "(section)"
    return f"`{json.dumps(_plain(value), ensure_ascii=False)}`"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, SecretStr):
        return SECRET_MASK
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _format(row: ReferenceRow) -> str:
    default = row.default if row.default.startswith("`") else _escape(row.default)
    cells = (f"`{row.key}`", f"`{row.type}`", default, _escape(row.description))
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
