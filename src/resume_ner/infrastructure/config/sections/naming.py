"""Config of MLflow experiment names, run names and tag keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from resume_ner.common.constants.defaults import PROJECT_NAME
from resume_ner.core.tokens import Scope
from resume_ner.infrastructure.config.base import StrictModel, checked_template, with_defaults

DEFAULT_RUN_TEMPLATES: dict[str, str] = {
    "data": "data-{dataset}-{data8}",
    "hpo": "hpo-{study}",
    "hpo_trial": "trial-{trial}",
    "hpo_fold": "trial-{trial}-fold-{fold}",
    "select": "select-{spec8}",
    "train": "train-{backbone}-{spec8}-v{variant}",
    "convert": "convert-{backbone}-{conv8}",
    "bench": "bench-{bench8}",
}
"""Default MLflow run-name template of each stage."""


class NamingConfig(StrictModel):
    """How experiments, runs and tags are named."""

    project: str = Field(PROJECT_NAME, description="Project name, the {project} token.")
    experiment_template: str = Field(
        "{project}-{stage}",
        description="MLflow experiment name template (name scope).",
    )
    run_templates: Annotated[dict[str, str], with_defaults(DEFAULT_RUN_TEMPLATES)] = Field(
        default_factory=lambda: dict(DEFAULT_RUN_TEMPLATES),
        description="MLflow run-name template per stage (name scope); keys given here "
        "override the defaults.",
    )
    tag_prefix: str = Field(
        "resume_ner.", description="Prefix of every MLflow tag key the project writes."
    )

    @field_validator("experiment_template")
    @classmethod
    def _check_experiment(cls, value: str) -> str:
        return checked_template(value, Scope.NAME, "experiment_template")

    @field_validator("run_templates")
    @classmethod
    def _check_runs(cls, value: dict[str, str]) -> dict[str, str]:
        return {key: checked_template(template, Scope.NAME, key) for key, template in value.items()}
