"""Check results and named checks: the common currency of validators, services and suites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class CheckStatus(StrEnum):
    """Outcome of one check; ``FAIL`` makes a suite fail, ``WARN`` does not."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    """One finding of a check.

    Attributes:
        name: Dotted name of what was checked (``dataset.overlaps``, ``config.backbone``).
        status: Pass, warn, fail or skip.
        message: One line a person can act on; problems name the file, key or document.
        details: JSON-able facts behind the message (counts, examples, paths).
    """

    name: str
    status: CheckStatus
    message: str
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", CheckStatus(self.status))
        if not isinstance(self.details, MappingProxyType):
            object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def failed(self) -> bool:
        """Whether this result fails its suite."""
        return self.status is CheckStatus.FAIL

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-able data."""
        data: dict[str, Any] = {
            "name": self.name,
            "status": self.status.value,
            "message": self.message,
        }
        if self.details:
            data["details"] = dict(self.details)
        return data


def passed(name: str, message: str, **details: Any) -> CheckResult:
    """A passing result."""
    return CheckResult(name, CheckStatus.PASS, message, details)


def warned(name: str, message: str, **details: Any) -> CheckResult:
    """A warning: worth reading, not a failure."""
    return CheckResult(name, CheckStatus.WARN, message, details)


def failed(name: str, message: str, **details: Any) -> CheckResult:
    """A failure: the suite fails."""
    return CheckResult(name, CheckStatus.FAIL, message, details)


def skipped(name: str, message: str, **details: Any) -> CheckResult:
    """A check that could not run (e.g. its input failed an earlier check)."""
    return CheckResult(name, CheckStatus.SKIP, message, details)


CheckFunction = Callable[[Any], Iterable[CheckResult]]
"""What a check runs: it receives the suite's context and yields its results."""


@dataclass(frozen=True)
class Check:
    """A named check of a suite.

    Attributes:
        name: Short name shown in the report (``config``, ``dataset``, ``edge_cases``).
        run: Called with the suite context; returns or yields the results.
        description: One line saying what the check looks at.
    """

    name: str
    run: CheckFunction
    description: str = ""
