"""The dataset validator: every problem named and counted, graded by the configured policies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.labels import CANONICAL_LABELS
from resume_ner.data.processing.validation import validate_documents
from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig
from resume_ner.testing.checks import CheckResult, CheckStatus
from resume_ner.testing.fixtures import build_tiny_dataset, tiny_documents
from resume_ner.testing.validators.dataset import DatasetValidation, validate_dataset
from resume_ner.testing.validators.grading import grade_report

LABELS = ("NAME", "EMAIL", "SKILLS")


def check_documents(
    documents: list[Document],
    labels: tuple[str, ...] | list[str] = CANONICAL_LABELS,
    overlap_policy: str = "keep_longest",
    unknown_labels: str = "drop",
) -> DatasetValidation:
    """Validate in-memory documents leniently and grade them, as ``validate_dataset`` does."""
    lenient = "keep_first" if overlap_policy == "keep_first" else "keep_longest"
    kept, report = validate_documents(documents, tuple(labels), lenient, max_examples=10**6)
    graded = grade_report(
        report, kept, tuple(labels), overlap_policy=overlap_policy, unknown_labels=unknown_labels
    )
    return DatasetValidation(graded, kept, tuple(labels), report)


def _one(results: list[CheckResult], name: str) -> CheckResult:
    found = [result for result in results if result.name == name]
    assert len(found) == 1, [r.name for r in results]
    return found[0]


def _doc(doc_id: str, text: str, *spans: tuple[int, int, str]) -> Document:
    return Document(doc_id, text, tuple(Span(*span) for span in spans))


GOOD = [
    _doc("a", "Jane Doe jane@x.io python", (0, 8, "NAME"), (9, 18, "EMAIL"), (19, 25, "SKILLS")),
    _doc("b", "Bob Roe bob@y.io sql", (0, 7, "NAME"), (8, 16, "EMAIL"), (17, 20, "SKILLS")),
]


def test_clean_documents_pass_every_check() -> None:
    validation = check_documents(GOOD, LABELS)
    assert {r.status for r in validation.results} == {CheckStatus.PASS}
    assert [r.name for r in validation.results] == [
        "dataset.schema",
        "dataset.documents",
        "dataset.empty_documents",
        "dataset.unknown_labels",
        "dataset.overlaps",
        "dataset.label_coverage",
    ]
    assert _one(validation.results, "dataset.documents").message == (
        "2 of 2 document(s) kept, 6 span(s)"
    )
    assert validation.documents == GOOD


def test_synthetic_tiny_dataset_is_clean_with_the_canonical_schema() -> None:
    validation = check_documents(tiny_documents(12))
    assert all(r.status is CheckStatus.PASS for r in validation.results), validation.results


def test_empty_document_warns_and_names_it() -> None:
    validation = check_documents([*GOOD, _doc("blank", "   \n ")], LABELS)
    result = _one(validation.results, "dataset.empty_documents")
    assert result.status is CheckStatus.WARN
    assert result.message == "1 empty or whitespace-only document(s) will be dropped: 'blank'"
    assert len(validation.documents or []) == 2


def test_unknown_labels_warn_when_dropped_and_fail_under_error_policy() -> None:
    docs = [*GOOD, _doc("c", "Ann Lee ann@z.io", (0, 7, "PERSON"), (8, 16, "Mail"))]
    lenient = _one(check_documents(docs, LABELS).results, "dataset.unknown_labels")
    assert lenient.status is CheckStatus.WARN
    assert "2 span(s) carry labels outside the schema: 'Mail' (1), 'PERSON' (1)" in lenient.message
    assert lenient.message.endswith("(they will be dropped)")
    strict = check_documents(docs, LABELS, unknown_labels="error")
    result = _one(strict.results, "dataset.unknown_labels")
    assert result.status is CheckStatus.FAIL
    assert result.message.endswith("(data.unknown_labels=error)")
    assert dict(result.details["labels"]) == {"Mail": 1, "PERSON": 1}


def test_overlaps_warn_when_resolved_and_fail_under_error_policy() -> None:
    docs = [*GOOD, _doc("o", "Jane Doe x", (0, 8, "NAME"), (0, 4, "SKILLS"))]
    lenient = _one(check_documents(docs, LABELS).results, "dataset.overlaps")
    assert lenient.status is CheckStatus.WARN
    assert "1 overlapping span(s), e.g. in document 'o': SKILLS 'Jane'" in lenient.message
    assert lenient.message.endswith("resolved by keep_longest")
    strict = _one(check_documents(docs, LABELS, overlap_policy="error").results, "dataset.overlaps")
    assert strict.status is CheckStatus.FAIL
    assert strict.message.endswith("(data.overlap_policy=error)")


def test_bad_offsets_duplicates_and_coverage_are_each_listed() -> None:
    docs = [
        _doc("a", "Jane Doe", (0, 8, "NAME"), (3, 30, "NAME"), (4, 4, "NAME")),
        _doc("dup", "Jane Doe", (0, 8, "NAME")),
    ]
    results = check_documents(docs, LABELS).results
    bad = _one(results, "dataset.bad_spans")
    assert bad.status is CheckStatus.WARN
    assert bad.message.startswith(
        "spans with bad offsets will be dropped: 1 out_of_range, 1 empty_span"
    )
    duplicates = _one(results, "dataset.duplicates")
    assert duplicates.message == "1 duplicate document(s) will be dropped: 'dup'"
    coverage = _one(results, "dataset.label_coverage")
    assert coverage.status is CheckStatus.WARN
    assert (
        coverage.message == "label(s) without any span: EMAIL, SKILLS; the model cannot learn them"
    )


def test_no_span_of_any_label_and_no_document_fail() -> None:
    results = check_documents([_doc("a", "plain text")], LABELS).results
    assert _one(results, "dataset.label_coverage").status is CheckStatus.FAIL
    assert _one(results, "dataset.label_coverage").message == (
        "no span of any schema label in 1 document(s): nothing to learn"
    )
    empty = check_documents([_doc("x", " ")], LABELS).results
    assert _one(empty, "dataset.documents").message == "no valid document (of 1 read)"
    assert _one(empty, "dataset.documents").status is CheckStatus.FAIL


def test_invalid_label_schema_fails() -> None:
    result = _one(check_documents(GOOD, ["NAME", "Companies worked at"]).results, "dataset.schema")
    assert result.status is CheckStatus.FAIL
    assert "'Companies worked at' is not allowed" in result.message


def _config(*paths: str, **extra: object) -> DataConfig:
    sources = [DataSourceConfig(path=path, format="auto") for path in paths]
    return DataConfig(sources=sources, **extra)  # type: ignore[arg-type]


def test_validate_dataset_reads_the_configured_sources(tmp_path: Path) -> None:
    build_tiny_dataset(tmp_path / "tiny.jsonl", n=10)
    validation = validate_dataset(_config("tiny.jsonl"), tmp_path)
    loaded = _one(validation.results, "dataset.load")
    assert loaded.message == "read 10 document(s) from 1 source(s)"
    assert loaded.details["sources"][0]["resolved"] == str(tmp_path / "tiny.jsonl")
    assert len(validation.documents or []) == 10
    assert not any(r.failed for r in validation.results)


def test_validate_dataset_grades_with_the_configured_policies(tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": "Jane Doe jane@x.io", "annotations": [[0, 8, "NAME"], [0, 4, "NAME"]]},
        {"id": "b", "text": "Bob bob@y.io", "annotations": [[0, 3, "NAME"], [4, 12, "Mail"]]},
    ]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    cfg = _config(
        "d.jsonl",
        label_preset="none",
        labels=list(LABELS),
        overlap_policy="error",
        unknown_labels="error",
    )
    results = validate_dataset(cfg, tmp_path).results
    assert _one(results, "dataset.overlaps").status is CheckStatus.FAIL
    assert "(d.jsonl:1)" in _one(results, "dataset.overlaps").message
    assert _one(results, "dataset.unknown_labels").status is CheckStatus.FAIL


def test_every_unreadable_source_is_listed(tmp_path: Path) -> None:
    (tmp_path / "broken.jsonl").write_text('{"id": "a", "text": "x", "annotations": [[0, 1]]}\n')
    validation = validate_dataset(_config("missing.jsonl", "broken.jsonl"), tmp_path)
    assert validation.documents is None
    messages = [r.message for r in validation.results]
    assert len(messages) == 2
    assert messages[0].startswith("data.sources[0].path: 'missing.jsonl' does not exist")
    assert "broken.jsonl:1" in messages[1]
    assert all(r.status is CheckStatus.FAIL for r in validation.results)


@pytest.mark.parametrize("policy", ["keep_first", "keep_longest"])
def test_the_configured_overlap_resolution_is_the_one_counted(policy: str) -> None:
    docs = [*GOOD, _doc("o", "Jane Doe x", (0, 4, "SKILLS"), (2, 8, "NAME"))]
    validation = check_documents(docs, LABELS, overlap_policy=policy)
    kept = next(doc for doc in validation.documents or [] if doc.id == "o")
    expected = Span(0, 4, "SKILLS") if policy == "keep_first" else Span(2, 8, "NAME")
    assert kept.spans == (expected,)
