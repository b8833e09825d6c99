"""MLflow experiment and run names, filled from the naming config's templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from resume_ner.common.constants.stages import Stage
from resume_ner.core.normalize import NAME_RULES, NormalizeRules, normalize
from resume_ner.core.placeholders import PlaceholderError, Template, validate
from resume_ner.core.tokens import Scope

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.naming import NamingConfig

_STAGES = frozenset(stage.value for stage in Stage)

# Applied to a whole filled name: values are already normalized by the template fill, so only
# control characters and the MLflow length limit are handled here, and literal text is kept.
_WHOLE_NAME_RULES = NormalizeRules(
    forbidden=NAME_RULES.forbidden, collapse=False, max_length=NAME_RULES.max_length
)


class NamingError(ValueError):
    """An unknown stage or run-template key."""


def _compile(where: str, text: str) -> Template:
    try:
        return validate(text, Scope.NAME)
    except PlaceholderError as exc:
        raise PlaceholderError(f"{where}: {exc}") from None


def _stage_of(stage_key: str) -> str:
    """The stage a run-template key belongs to: ``hpo_trial`` -> ``hpo``."""
    head = stage_key.split("_", 1)[0]
    return head if head in _STAGES else stage_key


@dataclass(frozen=True)
class RunNamer:
    """Builds experiment and run names; every name is safe for MLflow (at most 250 chars).

    Build it with :meth:`from_config`. Templates are validated once, at construction.
    """

    project: str
    experiment_template: Template
    run_templates: Mapping[str, Template]

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_templates", MappingProxyType(dict(self.run_templates)))

    @classmethod
    def from_config(cls, config: NamingConfig) -> RunNamer:
        """Validate ``config``'s templates for the name scope.

        Raises:
            PlaceholderError: Naming the template key when a template is invalid.
        """
        experiment = _compile("naming.experiment_template", config.experiment_template)
        runs = {
            key: _compile(f"naming.run_templates[{key!r}]", text)
            for key, text in config.run_templates.items()
        }
        return cls(config.project, experiment, runs)

    def experiment_name(self, stage: Stage | str, **values: object) -> str:
        """The experiment name of ``stage``; ``values`` fill the template's other tokens.

        Raises:
            NamingError: If ``stage`` is not a pipeline stage.
            PlaceholderError: Naming the template and token when a value is missing.
        """
        if stage not in _STAGES:
            known = ", ".join(s.value for s in Stage)
            raise NamingError(f"unknown stage {str(stage)!r}; known stages: {known}")
        merged = {"project": self.project, "stage": str(stage), **values}
        return self._fill("naming.experiment_template", self.experiment_template, merged)

    def run_name(self, stage_key: str, /, **values: object) -> str:
        """The run name from ``run_templates[stage_key]``.

        ``project`` and ``stage`` (the part of the key before ``_`` when it is a stage, so
        ``hpo_trial`` gives ``hpo``) are supplied unless given in ``values``.

        Raises:
            NamingError: If ``stage_key`` has no template (the message lists the known keys).
            PlaceholderError: Naming the template and token when a value is missing.
        """
        template = self.run_templates.get(stage_key)
        if template is None:
            known = ", ".join(sorted(self.run_templates))
            raise NamingError(f"unknown run template key {stage_key!r}; known keys: {known}")
        merged = {"project": self.project, "stage": _stage_of(stage_key), **values}
        return self._fill(f"naming.run_templates[{stage_key!r}]", template, merged)

    @staticmethod
    def _fill(where: str, template: Template, values: Mapping[str, object]) -> str:
        try:
            return normalize(template.fill(values), _WHOLE_NAME_RULES).value
        except ValueError as exc:
            raise PlaceholderError(f"{where}: {exc}") from None
