"""The base class of every config model, and the validators the template sections share."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, BeforeValidator, ConfigDict

from resume_ner.core.placeholders import PlaceholderError, validate
from resume_ner.core.tokens import Scope


class StrictModel(BaseModel):
    """A config section: ``extra="forbid"`` so a typo is an error, frozen so it can be cached."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def with_defaults(defaults: Mapping[str, str]) -> BeforeValidator:
    """A validator giving a mapping the ``defaults`` entries it does not override."""
    return BeforeValidator(
        lambda value: {**defaults, **value} if isinstance(value, dict) else value
    )


def checked_template(template: str, scope: Scope, label: str) -> str:
    """``template`` when its placeholders are valid in ``scope``; else a ValueError on ``label``."""
    try:
        validate(template, scope)
    except PlaceholderError as exc:
        raise ValueError(f"{label}: {exc}") from None
    return template
