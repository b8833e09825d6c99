"""The one report of a suite run: every result, a verdict, plain lines, JSON and a rich table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.testing.checks import CheckResult, CheckStatus

if TYPE_CHECKING:
    from rich.table import Table

_STYLE = {
    CheckStatus.PASS: "green",
    CheckStatus.WARN: "yellow",
    CheckStatus.FAIL: "bold red",
    CheckStatus.SKIP: "dim",
}


@dataclass(frozen=True)
class SuiteReport:
    """What a suite found.

    Attributes:
        suite: Suite name (``preflight``, ``artifact``).
        target: What was checked (config file or artifact folder).
        results: Every result, in check order.
        duration_s: Seconds the suite took.
    """

    suite: str
    target: str
    results: tuple[CheckResult, ...]
    duration_s: float = 0.0

    @property
    def passed(self) -> bool:
        """True when no result failed (warnings and skips do not fail a suite)."""
        return not any(result.failed for result in self.results)

    @property
    def exit_code(self) -> int:
        """0 when the suite passed, 1 otherwise."""
        return 0 if self.passed else 1

    @property
    def failures(self) -> list[CheckResult]:
        """The failed results."""
        return [result for result in self.results if result.failed]

    def counts(self) -> dict[str, int]:
        """Number of results per status (every status listed)."""
        found = Counter(result.status for result in self.results)
        return {status.value: found[status] for status in CheckStatus}

    def summary(self) -> str:
        """One line: suite, verdict and counts."""
        counts = self.counts()
        verdict = "PASSED" if self.passed else "FAILED"
        parts = [
            f"{counts['fail']} failed",
            f"{counts['warn']} warning(s)",
            f"{counts['pass']} passed",
        ]
        if counts["skip"]:
            parts.append(f"{counts['skip']} skipped")
        return (
            f"{self.suite} {verdict}: {', '.join(parts)} ({self.target}, {self.duration_s:.1f} s)"
        )

    def lines(self) -> list[str]:
        """Plain text: one ``[STATUS] name: message`` line per result, then the summary."""
        rows = [
            f"[{result.status.value.upper()}] {result.name}: {result.message}"
            for result in self.results
        ]
        return [*rows, self.summary()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able report."""
        return {
            "suite": self.suite,
            "target": self.target,
            "passed": self.passed,
            "counts": self.counts(),
            "duration_s": round(self.duration_s, 3),
            "results": [result.to_dict() for result in self.results],
        }

    def table(self) -> Table:
        """A rich table of every result, titled with the suite and target."""
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=f"{self.suite} checks: {self.target}", show_lines=False)
        table.add_column("status", no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("message", overflow="fold")
        for result in self.results:
            style = _STYLE[result.status]
            table.add_row(
                f"[{style}]{result.status.value.upper()}[/{style}]",
                escape(result.name),
                escape(result.message),
            )
        return table
