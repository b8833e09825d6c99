"""Run a named suite of checks (preflight, artifact) and collect one pass/fail report."""

from resume_ner.testing.orchestrators.report import SuiteReport
from resume_ner.testing.orchestrators.runner import SuiteContext, run_checks
from resume_ner.testing.orchestrators.suites import (
    SUITES,
    artifact_checks,
    preflight_checks,
    run_suite,
)

__all__ = [
    "SUITES",
    "SuiteContext",
    "SuiteReport",
    "artifact_checks",
    "preflight_checks",
    "run_checks",
    "run_suite",
]
