"""The base class of every config model: unknown keys rejected, values immutable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A config section: ``extra="forbid"`` so a typo is an error, frozen so it can be cached."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
