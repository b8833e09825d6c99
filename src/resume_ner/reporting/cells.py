"""Cells and rows shared by the markdown report and the terminal view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resume_ner.reporting.sections import BenchmarkSummary, TrainingSummary

LATENCY_HEADER = ("backend", "batch", "tokens", "p50 ms", "p95 ms", "p99 ms", "windows/s")
"""Columns of the latency table."""
DOCUMENTS_HEADER = ("backend", "documents", "docs/s")
"""Columns of the whole-document throughput table."""
LABEL_HEADER = ("label", "precision", "recall", "F1", "support")
"""Columns of the per-label test score table."""


def number(value: float | None, digits: int = 4) -> str:
    """``value`` with ``digits`` decimals, ``-`` for ``None``."""
    return "-" if value is None else f"{value:,.{digits}f}"


def latency_rows(bench: BenchmarkSummary) -> list[list[Any]]:
    """One row per backend x batch x length, in :data:`LATENCY_HEADER` order."""
    return [
        [
            r.backend,
            r.batch_size,
            r.seq_len,
            number(r.p50_ms, 2),
            number(r.p95_ms, 2),
            number(r.p99_ms, 2),
            number(r.windows_per_s, 1),
        ]
        for r in bench.latency
    ]


def document_rows(bench: BenchmarkSummary) -> list[list[Any]]:
    """One row per backend, in :data:`DOCUMENTS_HEADER` order."""
    return [[d.backend, d.documents, number(d.documents_per_s, 2)] for d in bench.documents]


def span_scores(test: Mapping[str, Any]) -> str:
    """``precision P, recall R, F1 F`` of a test metrics mapping."""
    return (
        f"precision {number(test.get('span_precision'))}, recall "
        f"{number(test.get('span_recall'))}, F1 {number(test.get('span_f1'))}"
    )


def label_rows(training: TrainingSummary) -> list[list[Any]]:
    """One row per label, in :data:`LABEL_HEADER` order."""
    return [
        [
            r.label,
            number(r.precision),
            number(r.recall),
            number(r.f1),
            "-" if r.support is None else r.support,
        ]
        for r in training.labels
    ]
