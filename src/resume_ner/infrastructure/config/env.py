"""Read config settings from environment variables (``RESUME_NER_SECTION__KEY``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.infrastructure.config.keys import KeyPath
from resume_ner.infrastructure.config.root import ResumeNerConfig

logger = logging.getLogger(__name__)

ENV_SEPARATOR = "__"
"""Separates nesting levels in a variable name: RESUME_NER_PLATFORM__AZUREML__COMPUTE."""
MLFLOW_URI_VAR = "MLFLOW_TRACKING_URI"
"""MLflow's own variable, used for ``tracking.uri`` when nothing else sets it."""


@dataclass(frozen=True)
class EnvSetting:
    """One environment variable that sets a config key."""

    var: str
    parts: KeyPath
    raw: str

    @property
    def source(self) -> str:
        """The provenance text of this setting."""
        return f"env: {self.var}"


def relevant_env(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Return the (sorted) variables the loader reads; the cache key of the environment."""
    return tuple(
        sorted(
            (name, value)
            for name, value in env.items()
            if name.startswith(ENV_PREFIX) or name == MLFLOW_URI_VAR
        )
    )


def env_settings(env: Mapping[str, str]) -> list[EnvSetting]:
    """Return the settings of ``RESUME_NER_<SECTION>__<KEY>[__<KEY>...]`` variables, sorted.

    Names are lower-cased and split on ``__``. Variables whose first part is not a config
    section (or that have no ``__``) belong to other parts of the system and are skipped.
    """
    settings: list[EnvSetting] = []
    for name, value in relevant_env(env):
        rest = name[len(ENV_PREFIX) :]
        if not name.startswith(ENV_PREFIX) or ENV_SEPARATOR not in rest:
            continue
        parts = tuple(part.lower() for part in rest.split(ENV_SEPARATOR))
        if parts[0] not in ResumeNerConfig.model_fields:
            logger.debug("%s does not name a config section; ignored", name)
            continue
        settings.append(EnvSetting(name, parts, value))
    return settings
