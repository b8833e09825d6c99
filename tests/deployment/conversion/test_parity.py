"""Parity verdicts: logit statistics, differing documents and the strict/tolerant rules."""

from __future__ import annotations

import numpy as np
import pytest

from resume_ner.data.loaders.document import Document, Span
from resume_ner.deployment.conversion.parity import (
    STRICT,
    TOLERANT,
    ParityReport,
    judge_variant,
    logit_stats,
    span_differences,
)

THRESHOLDS = {"parity_atol": 1e-4, "parity_max_f1_delta": 0.1}
DOCS = [
    Document("a", "Jane Doe jane@x.io", (Span(0, 8, "NAME"), Span(9, 18, "EMAIL"))),
    Document("b", "Python and SQL", (Span(0, 6, "SKILLS"), Span(11, 14, "SKILLS"))),
]
GOLD = [list(d.spans) for d in DOCS]


def test_logit_stats_over_real_tokens() -> None:
    ref = [np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[3.0, 1.0]])]
    got = [np.array([[1.0, 0.5], [0.0, 2.0]]), np.array([[0.0, 1.5]])]
    stats = logit_stats(ref, got)
    assert stats.max_abs_diff == pytest.approx(3.0)
    assert stats.mean_abs_diff == pytest.approx((0.5 + 3.0 + 0.5) / 6)
    assert stats.argmax_agreement == pytest.approx(2 / 3)
    assert stats.tokens == 3


def test_logit_stats_rejects_mismatched_windows() -> None:
    with pytest.raises(ValueError, match="1 reference windows but 2 compared"):
        logit_stats([np.zeros((2, 2))], [np.zeros((2, 2)), np.zeros((2, 2))])


def test_span_differences_lists_missing_and_extra_per_document() -> None:
    predicted = [GOLD[0], [Span(0, 6, "SKILLS"), Span(7, 10, "SKILLS")]]
    diffs = span_differences(DOCS, GOLD, predicted)
    assert [d.to_dict() for d in diffs] == [
        {"document": "b", "missing": [[11, 14, "SKILLS"]], "extra": [[7, 10, "SKILLS"]]}
    ]


def test_strict_fails_on_large_logit_diff_and_on_any_span_change() -> None:
    stats = logit_stats([np.zeros((2, 2))], [np.full((2, 2), 0.5)])
    changed = [GOLD[0], GOLD[1][:1]]
    verdict = judge_variant(
        "fp32", STRICT, stats, (DOCS, GOLD, changed), THRESHOLDS, file="model.onnx", size_bytes=9
    )
    assert not verdict.passed
    assert verdict.failures == [
        "max |logit diff| 0.5 exceeds 0.0001",
        "spans differ from PyTorch in 1 document(s)",
    ]
    assert verdict.to_dict()["differing_documents"][0]["document"] == "b"


def test_tolerant_passes_within_the_f1_delta_and_still_lists_documents() -> None:
    stats = logit_stats([np.zeros((2, 2))], [np.full((2, 2), 0.5)])
    changed = [GOLD[0], [*GOLD[1][:1], Span(7, 10, "SKILLS")]]
    verdict = judge_variant(
        "int8", TOLERANT, stats, (DOCS, GOLD, changed), THRESHOLDS, file="m", size_bytes=1
    )
    assert verdict.span_f1 == pytest.approx(0.75)
    assert verdict.span_f1_delta == pytest.approx(0.25)
    assert verdict.failures == ["span-F1 drop 0.2500 exceeds 0.1"]
    loose = judge_variant(
        "int8", TOLERANT, stats, (DOCS, GOLD, changed), {**THRESHOLDS, "parity_max_f1_delta": 0.3},
        file="m", size_bytes=1,
    )  # fmt: skip
    assert loose.passed
    assert [d.document for d in loose.differing] == ["b"]


def test_report_passes_only_when_every_variant_passes() -> None:
    stats = logit_stats([np.zeros((1, 2))], [np.zeros((1, 2))])
    good = judge_variant(
        "fp32", STRICT, stats, (DOCS, GOLD, GOLD), THRESHOLDS, file="m", size_bytes=1
    )
    bad = judge_variant(
        "int8", TOLERANT, stats, (DOCS, GOLD, [[], []]), THRESHOLDS, file="m", size_bytes=1
    )
    report = ParityReport(2, 2, "test", THRESHOLDS, 1.0, [good, bad])
    data = report.to_dict()
    assert not report.passed
    assert data["passed"] is False
    assert data["variants"]["fp32"]["passed"] is True
    assert data["variants"]["int8"]["span_f1_delta"] == pytest.approx(1.0)
