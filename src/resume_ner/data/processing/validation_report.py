"""The validation report: what came in, what went out, and every fix or drop with examples."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.common.shared import write_json
from resume_ner.data.loaders.document import Document, Span

DOCUMENT_DROPS = ("unannotated_document", "empty_document", "duplicate_document")
"""Reasons a whole document is dropped."""
SPAN_DROPS = (
    "label_dropped_by_map",
    "out_of_range",
    "empty_span",
    "unknown_label",
    "empty_after_trim",
    "duplicate_span",
    "overlap_resolved",
)
"""Reasons a span is dropped."""
SPAN_FIXES = ("whitespace_trimmed",)
"""Reasons a span is changed but kept."""

_PREVIEW = 60


def where(document: Document) -> str:
    """``file:line`` or ``file: record N`` of a document, from its provenance metadata."""
    source = document.meta.get("source")
    if source is None:
        return ""
    name = Path(str(source)).name
    if "line" in document.meta:
        return f"{name}:{document.meta['line']}"
    if "record" in document.meta:
        return f"{name}: record {document.meta['record']}"
    return name


def _preview(text: str) -> str:
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."


@dataclass
class ValidationReport:
    """Counts per reason, with up to ``max_examples`` examples each; JSON-serialisable.

    Invariants: ``documents_in == documents_out + documents dropped`` and
    ``spans_in == spans_out + spans dropped + spans_in_dropped_documents``.
    """

    max_examples: int = 5
    documents_in: int = 0
    documents_out: int = 0
    spans_in: int = 0
    spans_out: int = 0
    spans_in_dropped_documents: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    loader_notes: Counter[str] = field(default_factory=Counter)
    label_mapping: Counter[str] = field(default_factory=Counter)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def documents_dropped(self) -> int:
        """Documents dropped for any reason."""
        return sum(self.counts[reason] for reason in DOCUMENT_DROPS)

    @property
    def spans_dropped(self) -> int:
        """Spans dropped for any span-level reason (not counting dropped documents)."""
        return sum(self.counts[reason] for reason in SPAN_DROPS)

    def _example(self, reason: str, example: dict[str, Any]) -> None:
        bucket = self.examples.setdefault(reason, [])
        if len(bucket) < self.max_examples:
            bucket.append(example)

    def drop_document(self, reason: str, document: Document, detail: str = "") -> None:
        """Count a dropped document and the spans it carried."""
        self.counts[reason] += 1
        self.spans_in_dropped_documents += len(document.spans)
        example = {"doc": document.id, "where": where(document), "text": _preview(document.text)}
        self._example(reason, {**example, "detail": detail} if detail else example)

    def drop_upstream_document(self, reason: str, document: Document, detail: str = "") -> None:
        """Count a document dropped before validation (e.g. a duplicate removed by combining)."""
        self.documents_in += 1
        self.spans_in += len(document.spans)
        self.drop_document(reason, document, detail)

    def span_event(self, reason: str, document: Document, span: Span, detail: str = "") -> None:
        """Count a dropped or fixed span, keeping an example with its text."""
        self.counts[reason] += 1
        example = {
            "doc": document.id,
            "where": where(document),
            "span": [span.start, span.end, span.label],
            "text": _preview(span.text_in(document.text)),
        }
        self._example(reason, {**example, "detail": detail} if detail else example)

    def record_loader_notes(self, document: Document) -> None:
        """Add a document's ``meta["loader_notes"]`` counts (fixes made while reading)."""
        notes = document.meta.get("loader_notes")
        if isinstance(notes, Mapping):
            self.loader_notes.update({str(key): int(value) for key, value in notes.items()})

    def record_label_changes(self, changes: Mapping[tuple[str, str | None], int]) -> None:
        """Record a label mapping: renamed labels, and spans dropped by a ``None`` target.

        Dropped spans count as input spans too, since validation never sees them.
        """
        for (source, target), count in changes.items():
            if target == source:
                continue
            self.label_mapping[f"{source} -> {target if target is not None else '(dropped)'}"] += (
                count
            )
            if target is None:
                self.counts["label_dropped_by_map"] += count
                self.spans_in += count

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-able data."""
        return {
            "documents": {"in": self.documents_in, "out": self.documents_out},
            "spans": {
                "in": self.spans_in,
                "out": self.spans_out,
                "in_dropped_documents": self.spans_in_dropped_documents,
            },
            "counts": dict(sorted(self.counts.items())),
            "examples": {reason: list(items) for reason, items in sorted(self.examples.items())},
            "loader_notes": dict(sorted(self.loader_notes.items())),
            "label_mapping": dict(sorted(self.label_mapping.items())),
            "settings": dict(self.settings),
        }

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Atomically write the report as JSON."""
        return write_json(path, self.to_dict())

    def summary_lines(self) -> list[str]:
        """Human-readable lines: totals, then every non-zero count."""
        lines = [
            f"documents: {self.documents_in} in, {self.documents_out} out",
            f"spans: {self.spans_in} in, {self.spans_out} out",
        ]
        for reason in DOCUMENT_DROPS:
            if self.counts[reason]:
                lines.append(f"  dropped {self.counts[reason]} document(s): {reason}")
        if self.spans_in_dropped_documents:
            lines.append(f"  ({self.spans_in_dropped_documents} span(s) in dropped documents)")
        for reason in SPAN_DROPS:
            if self.counts[reason]:
                lines.append(f"  dropped {self.counts[reason]} span(s): {reason}")
        for reason in SPAN_FIXES:
            if self.counts[reason]:
                lines.append(f"  fixed {self.counts[reason]} span(s): {reason}")
        for note, count in sorted(self.loader_notes.items()):
            lines.append(f"  loader note {note}: {count}")
        for change, count in sorted(self.label_mapping.items()):
            lines.append(f"  label {change}: {count}")
        return lines
