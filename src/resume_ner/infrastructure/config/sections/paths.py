"""Config of the output layout: one root and a path template per stage."""

from __future__ import annotations

from pydantic import Field, field_validator

from resume_ner.common.constants.defaults import DEFAULT_OUTPUT_ROOT
from resume_ner.core.placeholders import PlaceholderError, validate
from resume_ner.core.tokens import Scope
from resume_ner.infrastructure.config.base import StrictModel

DEFAULT_PATH_TEMPLATES: dict[str, str] = {
    "data": "data/{dataset}/{data8}",
    "hpo": "hpo/{study}",
    "hpo_trial": "hpo/{study}/trials/trial-{trial}",
    "select": "selection/{spec8}",
    "train": "training/{backbone}/{spec8}-{exec8}/v{variant}",
    "convert": "conversion/{backbone}/{conv8}",
    "bench": "benchmarks/{bench8}",
    "cache": "cache",
    "logs": "logs",
}
"""Default path template of each stage, relative to the output root."""


class PathsConfig(StrictModel):
    """Where every stage writes, under one output root."""

    output_root: str = Field(
        DEFAULT_OUTPUT_ROOT,
        description="Root folder of every output; relative paths resolve against the working "
        "directory (or the platform adapter's root when the platform provides one).",
    )
    templates: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_PATH_TEMPLATES),
        description="Path template per stage, relative to output_root, using {token} "
        "placeholders from the naming-token registry (path scope). Keys given here override "
        "the defaults; the others keep their default.",
    )

    @field_validator("templates", mode="before")
    @classmethod
    def _merge_defaults(cls, value: object) -> object:
        if isinstance(value, dict):
            return {**DEFAULT_PATH_TEMPLATES, **value}
        return value

    @field_validator("templates")
    @classmethod
    def _check_templates(cls, value: dict[str, str]) -> dict[str, str]:
        for key, template in value.items():
            if template.startswith("/") or ".." in template.split("/"):
                raise ValueError(f"template {key!r} must stay under output_root: {template!r}")
            try:
                validate(template, Scope.PATH)
            except PlaceholderError as exc:
                raise ValueError(f"template {key!r}: {exc}") from None
        return value
