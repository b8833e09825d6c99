"""The config models as a schema: a dotted key's type and default, values parsed for it,
and pydantic errors explained with dotted keys, sources and suggestions."""

from __future__ import annotations

import copy
import difflib
import types
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr, ValidationError

from resume_ner.infrastructure.config.errors import ConfigProblem
from resume_ner.infrastructure.config.files import YamlSyntaxError, parse_yaml
from resume_ner.infrastructure.config.keys import KeyPath, format_key
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.tree import ConfigTree

SECRET_MASK = "**********"
"""How secret values are shown."""


def strip_optional(annotation: Any) -> Any:
    """Remove ``Annotated`` and a ``None`` member from a union annotation."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return strip_optional(members[0])
    return annotation


def model_class(annotation: Any) -> type[BaseModel] | None:
    """Return the model class an annotation names (optional unwrapped), else ``None``."""
    annotation = strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def annotation_at(parts: KeyPath, root: type[BaseModel] = ResumeNerConfig) -> Any:
    """Return the declared annotation of the value at ``parts``; ``None`` if not declared."""
    annotation: Any = root
    index = 0
    while index < len(parts):
        model = model_class(annotation)
        if model is not None:
            field = model.model_fields.get(parts[index])
            if field is None:
                return None
            annotation = field.annotation
        elif get_origin(strip_optional(annotation)) is dict:
            annotation = get_args(strip_optional(annotation))[1]
        else:
            return None
        index += 1
    return annotation


def is_text(annotation: Any) -> bool:
    """Whether a value of this annotation is free text (``str``/``SecretStr``, maybe optional)."""
    return strip_optional(annotation) in (str, SecretStr)


def is_list(annotation: Any) -> bool:
    """Whether the annotation is a list type (maybe optional)."""
    return get_origin(strip_optional(annotation)) is list


@cache
def _default_dump() -> dict[str, Any]:
    return ResumeNerConfig().model_dump(mode="python")


def default_at(parts: KeyPath) -> Any:
    """Return a deep copy of the default value at ``parts``, or ``None`` when there is none."""
    node: Any = _default_dump()
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return copy.deepcopy(node)


def is_secret(annotation: Any) -> bool:
    """Whether the annotation holds a secret (``SecretStr`` anywhere inside it)."""
    if annotation is SecretStr:
        return True
    return any(is_secret(arg) for arg in get_args(annotation))


def field_names(parts: KeyPath) -> list[str]:
    """Return the field names of the model at ``parts``; empty when it is not a model."""
    model = model_class(annotation_at(parts))
    return list(model.model_fields) if model is not None else []


def parse_value(raw: str, annotation: Any, *, from_env: bool) -> Any:
    """Parse ``raw`` as a YAML scalar or flow value, guided by the key's declared type.

    - Text fields: an environment value is taken verbatim; an override is parsed (so
      ``null`` and quoted text work) but falls back to the verbatim text when YAML would
      make it something other than text (``naming.project=1234`` stays ``"1234"``).
    - List fields given without ``[``: split on commas (``a,b`` -> ``["a", "b"]``).
    - Everything else: YAML (``true``, ``3``, ``3e-4``, ``[8, 16]``, ``{type: int}``, ``null``).

    Raises:
        ValueError: If a value that must be parsed is not valid YAML.
    """
    text = raw.strip()
    if is_text(annotation):
        if from_env:
            return raw
        try:
            value = parse_yaml(raw) if text else raw
        except YamlSyntaxError:
            return raw
        return value if value is None or isinstance(value, str) else raw
    if is_list(annotation) and not text.startswith("["):
        return [item.strip() for item in text.split(",") if item.strip()]
    if not text:
        return None
    try:
        return parse_yaml(raw)
    except YamlSyntaxError as exc:
        problem = str(exc).removeprefix("invalid YAML: ")
        raise ValueError(f"value is not valid YAML: {problem}") from None


def validation_problems(error: ValidationError, tree: ConfigTree) -> list[ConfigProblem]:
    """Return one problem per pydantic error: dotted key, message and source."""
    problems: list[ConfigProblem] = []
    for item in error.errors(include_url=False):
        path = _data_path(item["loc"], tree.data, item["type"] == "missing")
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message += _suggestion(path)
        problems.append(ConfigProblem(format_key(path), message, tree.source_of(path)))
    return problems


def _data_path(loc: Sequence[str | int], data: Any, missing: bool) -> list[str | int]:
    """Keep the parts of a pydantic location that exist in the input data.

    Pydantic inserts the tag of a discriminated union (``float``) into the location; the
    input has no such key, so it is dropped. The last part of a missing-field error is kept.
    """
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        found = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if found:
            node = node[part]
        elif not (missing and position == len(loc) - 1):
            continue
        path.append(part)
    return path


def _suggestion(path: list[str | int]) -> str:
    if not path or not isinstance(path[-1], str):
        return ""
    parent = path[:-1]
    if not all(isinstance(part, str) for part in parent):
        return ""
    names = field_names(tuple(str(part) for part in parent))
    close = difflib.get_close_matches(path[-1], names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
