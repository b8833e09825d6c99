"""Preflight and artifact checks behind ``resume-ner check``, and tiny data and model builders.

Names are loaded on first access, so importing a single module stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resume_ner.testing.checks import Check, CheckResult, CheckStatus
    from resume_ner.testing.fixtures import build_tiny_backbone, build_tiny_dataset, tiny_documents
    from resume_ner.testing.report import SuiteReport
    from resume_ner.testing.suites import SUITES, run_suite
    from resume_ner.testing.validators.artifact import validate_artifact
    from resume_ner.testing.validators.config import validate_config
    from resume_ner.testing.validators.dataset import validate_dataset

_HOMES = {
    "checks": ("Check", "CheckResult", "CheckStatus"),
    "fixtures": ("build_tiny_backbone", "build_tiny_dataset", "tiny_documents"),
    "report": ("SuiteReport",),
    "suites": ("SUITES", "run_suite"),
    "validators.artifact": ("validate_artifact",),
    "validators.config": ("validate_config",),
    "validators.dataset": ("validate_dataset",),
}

__all__ = [
    "SUITES",
    "Check",
    "CheckResult",
    "CheckStatus",
    "SuiteReport",
    "build_tiny_backbone",
    "build_tiny_dataset",
    "run_suite",
    "tiny_documents",
    "validate_artifact",
    "validate_config",
    "validate_dataset",
]


def __getattr__(name: str) -> Any:
    home = next((module for module, names in _HOMES.items() if name in names), None)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
