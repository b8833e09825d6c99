"""Config of the output layout: one root and a path template per stage."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from resume_ner.common.constants.defaults import DEFAULT_OUTPUT_ROOT
from resume_ner.core.tokens import Scope
from resume_ner.infrastructure.config.base import StrictModel, checked_template, with_defaults

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
    templates: Annotated[dict[str, str], with_defaults(DEFAULT_PATH_TEMPLATES)] = Field(
        default_factory=lambda: dict(DEFAULT_PATH_TEMPLATES),
        description="Path template per stage, relative to output_root, using {token} "
        "placeholders from the naming-token registry (path scope). Keys given here override "
        "the defaults; the others keep their default.",
    )

    @field_validator("templates")
    @classmethod
    def _check_templates(cls, value: dict[str, str]) -> dict[str, str]:
        for key, template in value.items():
            if template.startswith("/") or ".." in template.split("/"):
                raise ValueError(f"template {key!r} must stay under output_root: {template!r}")
            checked_template(template, Scope.PATH, f"template {key!r}")
        return value
