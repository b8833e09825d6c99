"""Metric diffs: every metric of both sides, per-label F1 deltas, rows and a rich table."""

from __future__ import annotations

import pytest
from rich.console import Console

from resume_ner.testing.comparators import diff_metrics
from resume_ner.testing.comparators.metrics import flatten_metrics

A = {"span_f1": 0.5, "span_precision": 0.6, "span_f1/NAME": 0.9, "span_f1/EMAIL": 0.4, "epoch": 3}
B = {"span_f1": 0.55, "span_precision": 0.6, "span_f1/NAME": 0.8, "span_f1/SKILLS": 0.2}


def test_rows_cover_both_sides_with_b_minus_a_deltas() -> None:
    diff = diff_metrics(A, B, names=("run A", "run B"))
    rows = {row["metric"]: row for row in diff.as_rows()}
    assert set(rows) == set(A) | set(B)
    assert rows["span_f1"]["delta"] == pytest.approx(0.05)
    assert rows["span_precision"]["delta"] == 0.0
    assert rows["epoch"] == {"metric": "epoch", "a": 3.0, "b": None, "delta": None}
    assert [row.metric for row in diff.changed(tolerance=0.01)] == [
        "epoch",
        "span_f1",
        "span_f1/EMAIL",
        "span_f1/NAME",
        "span_f1/SKILLS",
    ]


def test_per_label_f1_rows() -> None:
    labels = diff_metrics(A, B).label_f1()
    assert [(r.metric, r.a, r.b) for r in labels] == [
        ("EMAIL", 0.4, None),
        ("NAME", 0.9, 0.8),
        ("SKILLS", None, 0.2),
    ]
    assert labels[1].delta == pytest.approx(-0.1)


def test_nested_per_label_metrics_are_flattened() -> None:
    nested = {"f1": 0.7, "per_label": {"NAME": {"f1": 0.6, "support": 3}}, "ok": True, "n": "x"}
    assert flatten_metrics(nested) == {
        "f1": 0.7,
        "per_label/NAME/f1": 0.6,
        "per_label/NAME/support": 3.0,
    }
    labels = diff_metrics(nested, {"per_label": {"NAME": {"f1": 0.9}}}).label_f1()
    assert [(r.metric, r.a, r.b) for r in labels] == [("NAME", 0.6, 0.9)]


def test_tables_render_every_row() -> None:
    diff = diff_metrics(A, B, names=("pytorch", "onnx"))
    console = Console(width=120, record=True)
    console.print(diff.table(labels_only=True))
    text = console.export_text()
    assert "F1 per label" in text and "pytorch" in text and "onnx" in text
    assert "NAME" in text and "-0.1000" in text and "SKILLS" in text
    console.print(diff.table())
    assert "span_precision" in console.export_text()
