"""Metric diff between two runs or artifacts: every shared metric and per-label F1 deltas."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

_LABEL_F1 = re.compile(r"(?:^|[_/])f1/(?P<label>[^/]+)$")


def flatten_metrics(metrics: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """Numbers of a (possibly nested) metric mapping under ``/``-joined keys.

    ``{"per_label": {"NAME": {"f1": 0.5}}}`` gives ``{"per_label/NAME/f1": 0.5}``; booleans
    and non-numbers are left out.
    """
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten_metrics(value, f"{name}/"))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat


def _label_of(key: str) -> str | None:
    match = _LABEL_F1.search(key)
    if match:
        return match.group("label")
    parts = key.split("/")
    if len(parts) >= 2 and parts[-1] == "f1" and parts[0] in ("per_label", "labels"):
        return parts[-2]
    return None


@dataclass(frozen=True)
class MetricRow:
    """One metric of both sides; ``None`` where a side lacks it."""

    metric: str
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        """``b - a`` (``None`` when a side is missing)."""
        return None if self.a is None or self.b is None else self.b - self.a

    def as_dict(self) -> dict[str, Any]:
        """Plain row: metric, a, b, delta."""
        return {"metric": self.metric, "a": self.a, "b": self.b, "delta": self.delta}


@dataclass(frozen=True)
class MetricDiff:
    """The metrics of run A against run B.

    Attributes:
        rows: Every metric of either side, sorted by name.
        names: Display names of the two sides.
    """

    rows: tuple[MetricRow, ...]
    names: tuple[str, str] = ("A", "B")

    def label_f1(self) -> list[MetricRow]:
        """Per-label F1 rows, named by the label, sorted by label."""
        rows = []
        for row in self.rows:
            label = _label_of(row.metric)
            if label is not None:
                rows.append(MetricRow(label, row.a, row.b))
        return sorted(rows, key=lambda row: row.metric)

    def changed(self, tolerance: float = 0.0) -> list[MetricRow]:
        """Rows whose delta exceeds ``tolerance`` in size, or that one side lacks."""
        return [row for row in self.rows if row.delta is None or abs(row.delta) > tolerance]

    def as_rows(self) -> list[dict[str, Any]]:
        """Every row as a plain dict."""
        return [row.as_dict() for row in self.rows]

    def table(self, *, labels_only: bool = False, title: str | None = None) -> Table:
        """A rich table of the rows (or only the per-label F1 rows)."""
        from rich.table import Table

        rows = self.label_f1() if labels_only else list(self.rows)
        table = Table(title=title or ("F1 per label" if labels_only else "Metrics"))
        table.add_column("label" if labels_only else "metric")
        for name in self.names:
            table.add_column(name, justify="right")
        table.add_column("delta", justify="right")
        for row in rows:
            table.add_row(row.metric, _fmt(row.a), _fmt(row.b), _delta(row.delta))
        return table


def _fmt(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.4f}"


def _delta(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    colour = "green" if value > 0 else "red"
    return f"[{colour}]{value:+.4f}[/{colour}]"


def diff_metrics(
    a: Mapping[str, Any], b: Mapping[str, Any], names: tuple[str, str] = ("A", "B")
) -> MetricDiff:
    """Compare two metric mappings (flat ``span_f1/NAME`` keys or nested per-label dicts).

    Args:
        a: Metrics of the reference (run A, PyTorch).
        b: Metrics of the other side (run B, ONNX); deltas are ``b - a``.
        names: Column names of the two sides.

    Returns:
        One row per metric found on either side.
    """
    flat_a, flat_b = flatten_metrics(a), flatten_metrics(b)
    keys = sorted(set(flat_a) | set(flat_b))
    return MetricDiff(
        tuple(MetricRow(key, flat_a.get(key), flat_b.get(key)) for key in keys), names
    )
