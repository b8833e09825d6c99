"""Look up the declared type and default of a dotted key in the config models."""

from __future__ import annotations

import copy
import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr

from resume_ner.infrastructure.config.keys import KeyPath
from resume_ner.infrastructure.config.root import ResumeNerConfig

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
