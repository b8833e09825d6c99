"""Summaries across seeds and folds: mean, sample std, min, max per metric."""

from __future__ import annotations

import math
import statistics

import pytest
from rich.console import Console

from resume_ner.testing.aggregators import summarize_runs

RUNS = [
    {"span_f1": 0.50, "loss": 1.0, "fold": "a"},
    {"span_f1": 0.60, "loss": 0.8, "ok": True},
    {"span_f1": 0.70, "loss": float("nan")},
]


def test_statistics_per_metric() -> None:
    summary = summarize_runs(RUNS)
    f1 = summary["span_f1"]
    assert (f1.n, f1.min, f1.max) == (3, 0.5, 0.7)
    assert f1.mean == pytest.approx(0.6)
    assert f1.std == pytest.approx(statistics.stdev([0.5, 0.6, 0.7]))
    assert f1.std == pytest.approx(0.1)  # sample (n - 1), not population
    loss = summary["loss"]
    assert loss.n == 2 and loss.mean == pytest.approx(0.9)  # NaN left out
    assert [row["metric"] for row in summary.as_rows()] == ["loss", "span_f1"]
    assert summary.runs == 3


def test_requested_metrics_and_single_runs() -> None:
    summary = summarize_runs([{"f1": 0.4}], metrics=["f1"])
    assert summary["f1"].std is None and summary["f1"].mean == 0.4
    with pytest.raises(ValueError, match="metric 'recall' is in none of the 1 runs"):
        summarize_runs([{"f1": 0.4}], metrics=["recall"])
    with pytest.raises(ValueError, match="no runs to summarise"):
        summarize_runs([])
    with pytest.raises(KeyError, match="no metric 'x' in the summary; known: f1"):
        summary["x"]


def test_table_lists_every_metric() -> None:
    console = Console(width=100, record=True)
    console.print(summarize_runs(RUNS).table(title="5 seeds"))
    text = console.export_text()
    assert "5 seeds" in text and "span_f1" in text and "0.6000" in text and "0.1000" in text
    assert not math.isnan(summarize_runs(RUNS)["loss"].max)
