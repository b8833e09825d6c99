"""Pydantic models for every config section and the one loader (YAML, overrides, env)."""

from resume_ner.infrastructure.config.build import apply_overrides, config_value
from resume_ner.infrastructure.config.errors import ConfigError, ConfigProblem
from resume_ner.infrastructure.config.keys import format_key, parse_key
from resume_ner.infrastructure.config.loader import (
    clear_config_cache,
    config_sources,
    load_config,
)
from resume_ner.infrastructure.config.reference import generate_config_reference
from resume_ner.infrastructure.config.root import ResumeNerConfig, dump_config, resolved_dict

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "ResumeNerConfig",
    "apply_overrides",
    "clear_config_cache",
    "config_sources",
    "config_value",
    "dump_config",
    "format_key",
    "generate_config_reference",
    "load_config",
    "parse_key",
    "resolved_dict",
]
