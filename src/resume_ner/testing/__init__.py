"""Preflight and verification toolkit used by the CLI and the test suite (not the suite).

Names are loaded on first access, so importing a single subpackage stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resume_ner.testing.aggregators import summarize_runs
    from resume_ner.testing.checks import Check, CheckResult, CheckStatus
    from resume_ner.testing.comparators import diff_metrics, diff_predictions, logits_parity
    from resume_ner.testing.fixtures import build_tiny_backbone, build_tiny_dataset, tiny_documents
    from resume_ner.testing.orchestrators import SUITES, SuiteReport, run_suite
    from resume_ner.testing.services import detect_edge_cases, validate_kfold
    from resume_ner.testing.setup import Workspace, isolated_workspace
    from resume_ner.testing.validators import (
        check_documents,
        validate_artifact,
        validate_config,
        validate_dataset,
    )

_HOMES: dict[str, str] = {
    "Check": "checks",
    "CheckResult": "checks",
    "CheckStatus": "checks",
    "SUITES": "orchestrators",
    "SuiteReport": "orchestrators",
    "Workspace": "setup",
    "build_tiny_backbone": "fixtures",
    "build_tiny_dataset": "fixtures",
    "check_documents": "validators",
    "detect_edge_cases": "services",
    "diff_metrics": "comparators",
    "diff_predictions": "comparators",
    "isolated_workspace": "setup",
    "logits_parity": "comparators",
    "run_suite": "orchestrators",
    "summarize_runs": "aggregators",
    "tiny_documents": "fixtures",
    "validate_artifact": "validators",
    "validate_config": "validators",
    "validate_dataset": "validators",
    "validate_kfold": "services",
}

__all__ = [
    "SUITES",
    "Check",
    "CheckResult",
    "CheckStatus",
    "SuiteReport",
    "Workspace",
    "build_tiny_backbone",
    "build_tiny_dataset",
    "check_documents",
    "detect_edge_cases",
    "diff_metrics",
    "diff_predictions",
    "isolated_workspace",
    "logits_parity",
    "run_suite",
    "summarize_runs",
    "tiny_documents",
    "validate_artifact",
    "validate_config",
    "validate_dataset",
    "validate_kfold",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
