"""Run checks in order against one context; a crashing check becomes a failure, not a crash."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.testing.checks import Check, CheckResult, failed
from resume_ner.testing.orchestrators.report import SuiteReport

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig

logger = logging.getLogger(__name__)


@dataclass
class SuiteContext:
    """What the checks of one suite run share.

    Attributes:
        target: The config file or artifact folder being checked.
        base_dir: Folder relative paths in the config resolve against.
        overrides: ``key=value`` config overrides.
        config: The loaded config, once a check has loaded it.
        state: Values one check leaves for later ones (e.g. the validated documents).
    """

    target: Path
    base_dir: Path
    overrides: tuple[str, ...] = ()
    config: ResumeNerConfig | None = None
    state: dict[str, Any] = field(default_factory=dict)


def run_check(check: Check, context: SuiteContext) -> list[CheckResult]:
    """Run one check; an exception it raises becomes one failure naming the check."""
    try:
        return list(check.run(context))
    except Exception as exc:  # a broken check must not hide the other results
        logger.debug("check %s raised", check.name, exc_info=True)
        return [failed(f"{check.name}.error", f"check crashed: {type(exc).__name__}: {exc}")]


def run_checks(suite: str, checks: Sequence[Check], context: SuiteContext) -> SuiteReport:
    """Run ``checks`` in order and collect one report.

    Args:
        suite: Suite name for the report.
        checks: The checks; later ones may use what earlier ones left in ``context``.
        context: Shared context.
    """
    start = time.perf_counter()
    results: list[CheckResult] = []
    for check in checks:
        logger.debug("running check %s", check.name)
        results.extend(run_check(check, context))
    return SuiteReport(suite, str(context.target), tuple(results), time.perf_counter() - start)
