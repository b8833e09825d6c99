"""Summaries of metrics across seeds or folds: count, mean, sample std, min and max."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table


@dataclass(frozen=True)
class MetricStats:
    """One metric over the runs that report it.

    Attributes:
        metric: Metric name.
        n: Runs that report it.
        mean: Mean.
        std: Sample standard deviation (n - 1); ``None`` for a single run.
        min: Smallest value.
        max: Largest value.
    """

    metric: str
    n: int
    mean: float
    std: float | None
    min: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        """Plain row."""
        return {
            "metric": self.metric,
            "n": self.n,
            "mean": self.mean,
            "std": self.std,
            "min": self.min,
            "max": self.max,
        }


@dataclass(frozen=True)
class RunSummary:
    """Per-metric statistics over several runs (seeds, folds)."""

    stats: tuple[MetricStats, ...]
    runs: int

    def __getitem__(self, metric: str) -> MetricStats:
        for stats in self.stats:
            if stats.metric == metric:
                return stats
        known = ", ".join(s.metric for s in self.stats)
        raise KeyError(f"no metric {metric!r} in the summary; known: {known}")

    def as_rows(self) -> list[dict[str, Any]]:
        """One plain row per metric."""
        return [stats.as_dict() for stats in self.stats]

    def table(self, title: str | None = None) -> Table:
        """A rich table: metric, n, mean ± std, min, max."""
        from rich.table import Table

        table = Table(title=title or f"Summary over {self.runs} run(s)")
        table.add_column("metric")
        for column in ("n", "mean", "std", "min", "max"):
            table.add_column(column, justify="right")
        for s in self.stats:
            std = "-" if s.std is None else f"{s.std:.4f}"
            table.add_row(s.metric, str(s.n), f"{s.mean:.4f}", std, f"{s.min:.4f}", f"{s.max:.4f}")
        return table


def _numbers(run: Mapping[str, Any]) -> dict[str, float]:
    values = {}
    for key, value in run.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if not math.isnan(number):
                values[str(key)] = number
    return values


def summarize_runs(
    runs: Sequence[Mapping[str, Any]], metrics: Iterable[str] | None = None
) -> RunSummary:
    """Summarise flat metric mappings of several runs.

    Non-numeric values, booleans and NaN are ignored; a metric missing from a run is
    summarised over the runs that have it (``n`` says how many).

    Args:
        runs: One metric mapping per run (seed or fold).
        metrics: Metrics to summarise, in this order (default: every metric found, sorted).

    Raises:
        ValueError: If there are no runs, or a requested metric appears in none of them.
    """
    if not runs:
        raise ValueError("no runs to summarise")
    numbers = [_numbers(run) for run in runs]
    found = sorted({key for run in numbers for key in run})
    names = list(metrics) if metrics is not None else found
    stats = []
    for name in names:
        values = [run[name] for run in numbers if name in run]
        if not values:
            raise ValueError(f"metric {name!r} is in none of the {len(runs)} runs")
        std = statistics.stdev(values) if len(values) > 1 else None
        stats.append(
            MetricStats(name, len(values), statistics.fmean(values), std, min(values), max(values))
        )
    return RunSummary(tuple(stats), len(runs))
