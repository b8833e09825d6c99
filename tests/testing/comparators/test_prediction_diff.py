"""Prediction diffs: per-document spans only one side found, whatever the span type."""

from __future__ import annotations

import pytest
from rich.console import Console

from resume_ner.data.loaders.document import Span
from resume_ner.data.processing.alignment import ScoredSpan
from resume_ner.testing.comparators import diff_predictions
from resume_ner.testing.comparators.predictions import span_key

TEXTS = ["Jane Doe jane@x.io", "Bob Roe"]


def test_identical_predictions() -> None:
    a = [[Span(0, 8, "NAME")], []]
    b = [[ScoredSpan(0, 8, "NAME", 0.9)], []]
    diff = diff_predictions(a, b)
    assert diff.identical and diff.agreement == 1.0 and diff.span_f1 == 1.0
    assert diff.as_rows() == []


def test_missing_and_extra_spans_per_document() -> None:
    a = [[Span(0, 8, "NAME"), Span(9, 18, "EMAIL")], [(0, 7, "NAME")]]
    b = [
        [{"start": 0, "end": 8, "label": "NAME"}, {"start": 9, "end": 13, "label": "EMAIL"}],
        [[0, 7, "NAME", 0.5]],
    ]
    diff = diff_predictions(a, b, doc_ids=["cv-1", "cv-2"], names=("pytorch", "onnx"))
    assert not diff.identical
    assert [d.doc for d in diff.differing] == ["cv-1"]
    first = diff.documents[0]
    assert first.missing == ((9, 18, "EMAIL"),) and first.extra == ((9, 13, "EMAIL"),)
    assert diff.agreement == 0.5
    assert diff.span_f1 == pytest.approx(2 * 2 / (3 + 3))
    assert diff.as_rows() == [
        {"doc": "cv-1", "only_in": "pytorch", "start": 9, "end": 18, "label": "EMAIL"},
        {"doc": "cv-1", "only_in": "onnx", "start": 9, "end": 13, "label": "EMAIL"},
    ]
    console = Console(width=120, record=True)
    console.print(diff.table(TEXTS))
    text = console.export_text()
    assert "'jane@x.io'" in text and "'jane'" in text and "pytorch" in text


def test_mismatched_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="A has 2 documents, B has 1"):
        diff_predictions([[], []], [[]])
    with pytest.raises(ValueError, match="1 document ids for 2 documents"):
        diff_predictions([[], []], [[], []], doc_ids=["x"])
    with pytest.raises(TypeError, match="not a span: 'NAME'"):
        span_key("NAME")
