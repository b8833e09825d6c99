"""Grade a lenient data-validation report into check results, by the configured policies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from resume_ner.data.datasets.schema import LabelSchema, LabelSchemaError
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.validation_report import ValidationReport
from resume_ner.testing.checks import CheckResult, failed, passed, warned

_SHOWN = 5
_BAD_SPANS = ("out_of_range", "empty_span", "empty_after_trim")
_DROPPED_DOCUMENTS = {
    "duplicate_document": ("dataset.duplicates", "duplicate document(s) will be dropped"),
    "unannotated_document": ("dataset.unannotated", "unannotated document(s) will be dropped"),
}


def _examples(report: ValidationReport, reason: str) -> list[dict[str, Any]]:
    return list(report.examples.get(reason, []))[:_SHOWN]


def _places(examples: Iterable[dict[str, Any]]) -> str:
    return ", ".join(
        f"{item['doc']!r}" + (f" ({item['where']})" if item["where"] else "") for item in examples
    )


def _schema_result(labels: Sequence[str]) -> CheckResult:
    try:
        schema = LabelSchema(tuple(labels))
    except LabelSchemaError as exc:
        return failed("dataset.schema", f"invalid label schema: {exc}")
    return passed(
        "dataset.schema",
        f"{len(schema.labels)} labels: {', '.join(schema.labels)}",
        labels=list(schema.labels),
    )


def _empty_result(report: ValidationReport) -> CheckResult:
    count = report.counts["empty_document"]
    if not count:
        return passed("dataset.empty_documents", "no empty documents")
    examples = _examples(report, "empty_document")
    return warned(
        "dataset.empty_documents",
        f"{count} empty or whitespace-only document(s) will be dropped: {_places(examples)}",
        count=count,
        examples=examples,
    )


def _unknown_result(report: ValidationReport, policy: str) -> CheckResult:
    count = report.counts["unknown_label"]
    if not count:
        return passed("dataset.unknown_labels", "every span label is in the schema")
    found = Counter(str(item["span"][2]) for item in report.examples.get("unknown_label", []))
    listed = ", ".join(f"{label!r} ({n})" for label, n in sorted(found.items()))
    message = (
        f"{count} span(s) carry labels outside the schema: {listed}; map them with "
        "data.label_map or add them to data.labels"
    )
    details = {"count": count, "labels": dict(sorted(found.items()))}
    if policy == "error":
        return failed("dataset.unknown_labels", message + " (data.unknown_labels=error)", **details)
    return warned("dataset.unknown_labels", message + " (they will be dropped)", **details)


def _overlap_result(report: ValidationReport, policy: str) -> CheckResult:
    count = report.counts["overlap_resolved"]
    if not count:
        return passed("dataset.overlaps", "no overlapping spans")
    examples = _examples(report, "overlap_resolved")
    first = examples[0]
    where = f"{first['doc']!r}" + (f" ({first['where']})" if first["where"] else "")
    message = (
        f"{count} overlapping span(s), e.g. in document {where}: {first['span'][2]} "
        f"{first['text']!r} {first.get('detail', '')}".rstrip()
    )
    if policy == "error":
        return failed(
            "dataset.overlaps",
            f"{message} (data.overlap_policy=error)",
            count=count,
            examples=examples,
        )
    return warned(
        "dataset.overlaps", f"{message}; resolved by {policy}", count=count, examples=examples
    )


def _other_drops(report: ValidationReport) -> list[CheckResult]:
    results = []
    for reason, (name, text) in _DROPPED_DOCUMENTS.items():
        if report.counts[reason]:
            examples = _examples(report, reason)
            results.append(
                warned(
                    name,
                    f"{report.counts[reason]} {text}: {_places(examples)}",
                    count=report.counts[reason],
                    examples=examples,
                )
            )
    bad = {reason: report.counts[reason] for reason in _BAD_SPANS if report.counts[reason]}
    if bad:
        examples = [item for reason in bad for item in _examples(report, reason)][:_SHOWN]
        listed = ", ".join(f"{n} {reason}" for reason, n in bad.items())
        results.append(
            warned(
                "dataset.bad_spans",
                f"spans with bad offsets will be dropped: {listed}; "
                f"first in {_places(examples[:1])}",
                counts=bad,
                examples=examples,
            )
        )
    return results


def _coverage_result(documents: Sequence[Document], labels: Sequence[str]) -> CheckResult:
    spans = Counter(span.label for doc in documents for span in doc.spans)
    per_label = {label: spans[label] for label in labels}
    if not any(per_label.values()):
        return failed(
            "dataset.label_coverage",
            f"no span of any schema label in {len(documents)} document(s): nothing to learn",
            spans=per_label,
        )
    missing = [label for label, count in per_label.items() if not count]
    if missing:
        return warned(
            "dataset.label_coverage",
            f"label(s) without any span: {', '.join(missing)}; the model cannot learn them",
            spans=per_label,
            missing=missing,
        )
    return passed(
        "dataset.label_coverage",
        f"every label has spans ({sum(spans.values())} in all)",
        spans=per_label,
    )


def grade_report(
    report: ValidationReport,
    documents: Sequence[Document],
    labels: Sequence[str],
    *,
    overlap_policy: str = "keep_longest",
    unknown_labels: str = "drop",
) -> list[CheckResult]:
    """Turn a lenient validation report into check results graded by the configured policies.

    Args:
        report: Report of :func:`validate_documents` run with lenient policies.
        documents: The documents it kept.
        labels: The label schema.
        overlap_policy: The configured overlap policy (``"error"`` makes overlaps fail).
        unknown_labels: The configured unknown-label policy (``"error"`` makes them fail).

    Returns:
        Results for the schema, documents, empty documents, unknown labels, overlaps, other
        drops and label coverage.
    """
    kept = len(documents)
    if kept:
        count = passed(
            "dataset.documents",
            f"{kept} of {report.documents_in} document(s) kept, {report.spans_out} span(s)",
            documents_in=report.documents_in,
            documents=kept,
            spans=report.spans_out,
        )
    else:
        count = failed("dataset.documents", f"no valid document (of {report.documents_in} read)")
    return [
        _schema_result(labels),
        count,
        _empty_result(report),
        _unknown_result(report, unknown_labels),
        _overlap_result(report, overlap_policy),
        *_other_drops(report),
        _coverage_result(documents, labels),
    ]
