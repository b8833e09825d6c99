"""Validation of annotated documents: every span and document fixed or dropped, and counted.

Checks, in order: unannotated, empty or whitespace-only, and (with ``dedupe``) duplicate
documents are dropped; spans past the end of the text, empty spans and spans with labels
outside the schema are dropped; whitespace around a span is trimmed (a span that is only
whitespace is dropped); exact duplicate spans are dropped; overlapping spans are resolved by
``overlap_policy``. Each fix or drop is counted per reason in a :class:`ValidationReport`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.validation_report import ValidationReport, where

OverlapPolicy = Literal["keep_longest", "keep_first", "error"]
UnknownLabels = Literal["drop", "error"]


class DataValidationError(ValueError):
    """Documents break a rule whose policy is ``"error"``; the message names the document."""


def _describe(document: Document, span: Span) -> str:
    return f"{span.label} [{span.start}, {span.end}) {span.text_in(document.text)[:60]!r}"


def _located(document: Document) -> str:
    place = where(document)
    return f"document {document.id!r}" + (f" ({place})" if place else "")


def _document_problem(document: Document, seen: dict[str, str], dedupe: bool) -> tuple[str, str]:
    if document.meta.get("unannotated"):
        return "unannotated_document", "the source has no annotation for it"
    if not document.text.strip():
        return "empty_document", ""
    if dedupe:
        if document.text in seen:
            return "duplicate_document", f"same text as {seen[document.text]!r}"
        seen[document.text] = document.id
    return "", ""


def _trimmed(text: str, span: Span) -> Span:
    covered = span.text_in(text)
    start = span.start + len(covered) - len(covered.lstrip())
    end = span.end - (len(covered) - len(covered.rstrip()))
    return Span(start, max(start, end), span.label)


def _clean_spans(
    document: Document,
    allowed: frozenset[str] | None,
    unknown_labels: UnknownLabels,
    report: ValidationReport,
) -> list[Span]:
    text = document.text
    kept: list[Span] = []
    seen: set[Span] = set()
    for span in document.spans:
        if span.end > len(text):
            detail = (
                f"offsets [{span.start}, {span.end}) past the end of the text (length {len(text)})"
            )
            report.span_event("out_of_range", document, span, detail)
            continue
        if span.start == span.end:
            report.span_event("empty_span", document, span)
            continue
        if allowed is not None and span.label not in allowed:
            if unknown_labels == "error":
                raise DataValidationError(
                    f"{_located(document)}: span {_describe(document, span)} has label "
                    f"{span.label!r}, not in the label schema {sorted(allowed)}"
                )
            report.span_event("unknown_label", document, span)
            continue
        trimmed = _trimmed(text, span)
        if trimmed.start == trimmed.end:
            report.span_event("empty_after_trim", document, span)
            continue
        if trimmed != span:
            report.span_event(
                "whitespace_trimmed", document, span, f"now [{trimmed.start}, {trimmed.end})"
            )
        if trimmed in seen:
            report.span_event("duplicate_span", document, trimmed)
            continue
        seen.add(trimmed)
        kept.append(trimmed)
    return kept


def _first_overlap(spans: list[Span]) -> tuple[Span, Span] | None:
    ordered = sorted(spans)
    widest: Span | None = None
    for span in ordered:
        if widest is not None and span.start < widest.end:
            return widest, span
        if widest is None or span.end > widest.end:
            widest = span
    return None


def _resolve_overlaps(
    document: Document, spans: list[Span], policy: OverlapPolicy, report: ValidationReport
) -> list[Span]:
    if policy == "error":
        pair = _first_overlap(spans)
        if pair is not None:
            raise DataValidationError(
                f"{_located(document)}: span {_describe(document, pair[0])} overlaps span "
                f"{_describe(document, pair[1])}"
            )
        return spans
    if policy == "keep_longest":
        order = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label))
    else:
        order = sorted(spans, key=lambda s: (s.start, s.start - s.end, s.label))
    kept: list[Span] = []
    for span in order:
        winner = next((other for other in kept if other.overlaps(span)), None)
        if winner is None:
            kept.append(span)
        else:
            detail = f"overlaps {_describe(document, winner)}, which is kept ({policy})"
            report.span_event("overlap_resolved", document, span, detail)
    return sorted(kept)


def validate_documents(
    documents: Iterable[Document],
    labels: Sequence[str] | None = None,
    overlap_policy: OverlapPolicy = "keep_longest",
    unknown_labels: UnknownLabels = "drop",
    dedupe: bool = True,
    *,
    max_examples: int = 5,
    report: ValidationReport | None = None,
) -> tuple[list[Document], ValidationReport]:
    """Check, fix and filter documents; nothing is dropped without being counted.

    Args:
        labels: The label schema; ``None`` accepts every label.
        overlap_policy: ``"keep_longest"`` keeps the longest of overlapping spans (ties: the
            earlier), ``"keep_first"`` the one starting first (ties: the longer), ``"error"``
            raises naming both spans and the document.
        unknown_labels: ``"drop"`` spans whose label is not in ``labels``, or ``"error"``.
        dedupe: Drop documents whose text equals an earlier document's.
        max_examples: Examples kept per reason in the report.
        report: A report to add to (e.g. one that already counts label mapping); by default a
            new one.

    Returns:
        The valid documents and the report.

    Raises:
        DataValidationError: Under an ``"error"`` policy, naming the document and span(s).
    """
    report = report if report is not None else ValidationReport(max_examples=max_examples)
    allowed = frozenset(labels) if labels is not None else None
    report.settings.update(
        labels=sorted(allowed) if allowed is not None else None,
        overlap_policy=overlap_policy,
        unknown_labels=unknown_labels,
        dedupe=dedupe,
    )
    seen: dict[str, str] = {}
    valid: list[Document] = []
    for document in documents:
        report.documents_in += 1
        report.spans_in += len(document.spans)
        report.record_loader_notes(document)
        reason, detail = _document_problem(document, seen, dedupe)
        if reason:
            report.drop_document(reason, document, detail)
            continue
        spans = _clean_spans(document, allowed, unknown_labels, report)
        spans = _resolve_overlaps(document, spans, overlap_policy, report)
        valid.append(document if tuple(spans) == document.spans else document.with_spans(spans))
        report.documents_out += 1
        report.spans_out += len(spans)
    return valid, report
