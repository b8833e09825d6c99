"""Validation: every check and policy, counted per reason with examples; report IO."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import Document, Span
from resume_ner.data.processing.validation import DataValidationError, validate_documents
from resume_ner.data.processing.validation_report import ValidationReport

TEXT = "Jane Doe, Senior Engineer at Acme Corp"
#       0    5    10        20        30


def _doc(spans: tuple[Span, ...], text: str = TEXT, doc_id: str = "d1", **meta: object) -> Document:
    return Document(doc_id, text, spans, {"source": "/data/resumes.jsonl", "line": 4, **meta})


def _balanced(report: ValidationReport) -> bool:
    documents = report.documents_in == report.documents_out + report.documents_dropped
    spans = report.spans_in == (
        report.spans_out + report.spans_dropped + report.spans_in_dropped_documents
    )
    return documents and spans


def test_valid_documents_pass_unchanged() -> None:
    document = _doc((Span(0, 8, "NAME"), Span(29, 38, "COMPANY")))
    valid, report = validate_documents([document], ["NAME", "COMPANY"])
    assert valid == [document]
    assert valid[0] is document
    assert not report.counts
    assert (report.documents_in, report.documents_out, report.spans_in, report.spans_out) == (
        1,
        1,
        2,
        2,
    )


def test_span_checks_are_counted_with_examples() -> None:
    spans = (
        Span(0, 8, "NAME"),
        Span(0, 8, "NAME"),  # exact duplicate
        Span(10, 500, "DESIGNATION"),  # out of range
        Span(9, 9, "NAME"),  # empty
        Span(8, 10, "NAME"),  # ", " -> whitespace and comma: trimmed to ","
        Span(25, 29, "COMPANY"),  # " at " -> trimmed to "at"
        Span(28, 29, "COMPANY"),  # " " only -> empty after trim
        Span(29, 33, "HOBBY"),  # unknown label
        Span(28, 38, "COMPANY"),  # " Acme Corp" -> trimmed, not overlapping after trim
    )
    valid, report = validate_documents([_doc(spans)], ["NAME", "COMPANY", "DESIGNATION"])
    assert valid[0].spans == (
        Span(0, 8, "NAME"),
        Span(8, 9, "NAME"),
        Span(26, 28, "COMPANY"),
        Span(29, 38, "COMPANY"),
    )
    assert report.counts == {
        "duplicate_span": 1,
        "out_of_range": 1,
        "empty_span": 1,
        "whitespace_trimmed": 3,
        "empty_after_trim": 1,
        "unknown_label": 1,
    }
    (example,) = report.examples["out_of_range"]
    assert example["doc"] == "d1"
    assert example["where"] == "resumes.jsonl:4"
    assert example["span"] == [10, 500, "DESIGNATION"]
    assert example["detail"] == "offsets [10, 500) past the end of the text (length 38)"
    assert report.examples["unknown_label"][0]["text"] == "Acme"
    assert _balanced(report)


@pytest.mark.parametrize(
    ("policy", "kept"),
    [
        ("keep_longest", (Span(0, 8, "NAME"), Span(17, 38, "COMPANY"))),
        ("keep_first", (Span(0, 8, "NAME"), Span(10, 25, "DESIGNATION"))),
    ],
)
def test_overlap_policies(policy: str, kept: tuple[Span, ...]) -> None:
    spans = (
        Span(0, 8, "NAME"),
        Span(0, 4, "NAME"),
        Span(10, 25, "DESIGNATION"),
        Span(17, 38, "COMPANY"),
    )
    valid, report = validate_documents([_doc(spans)], None, overlap_policy=policy)  # type: ignore[arg-type]
    assert valid[0].spans == kept
    assert report.counts["overlap_resolved"] == len(spans) - len(kept)
    assert "which is kept" in report.examples["overlap_resolved"][0]["detail"]
    assert _balanced(report)


def test_overlap_error_names_both_spans_and_the_document() -> None:
    spans = (Span(10, 25, "DESIGNATION"), Span(10, 25, "COMPANY"))
    with pytest.raises(DataValidationError) as info:
        validate_documents([_doc(spans)], None, overlap_policy="error")
    assert str(info.value) == (
        "document 'd1' (resumes.jsonl:4): span COMPANY [10, 25) 'Senior Engineer' overlaps "
        "span DESIGNATION [10, 25) 'Senior Engineer'"
    )
    valid, _ = validate_documents(
        [_doc((Span(0, 4, "A"), Span(5, 8, "B")))], None, overlap_policy="error"
    )
    assert len(valid[0].spans) == 2


def test_unknown_label_error_policy() -> None:
    with pytest.raises(
        DataValidationError,
        match=r"document 'd1' \(resumes\.jsonl:4\): span HOBBY \[0, 4\) 'Jane' has label 'HOBBY', "
        r"not in the label schema \['NAME'\]",
    ):
        validate_documents([_doc((Span(0, 4, "HOBBY"),))], ["NAME"], unknown_labels="error")


def test_document_checks_and_dedupe() -> None:
    documents = [
        _doc((Span(0, 4, "NAME"),), doc_id="a"),
        _doc((Span(0, 4, "NAME"), Span(5, 8, "NAME")), doc_id="b"),  # same text as a
        _doc((), text="  \n\t ", doc_id="c"),
        _doc((), text="text", doc_id="d", unannotated=True),
        _doc((), text="kept without spans", doc_id="e"),
    ]
    valid, report = validate_documents(documents, None)
    assert [d.id for d in valid] == ["a", "e"]
    assert report.counts == {
        "duplicate_document": 1,
        "empty_document": 1,
        "unannotated_document": 1,
    }
    assert report.examples["duplicate_document"][0]["detail"] == "same text as 'a'"
    assert report.spans_in_dropped_documents == 2
    assert _balanced(report)
    kept_all, report = validate_documents(documents, None, dedupe=False)
    assert [d.id for d in kept_all] == ["a", "b", "e"]
    assert "duplicate_document" not in report.counts


def test_examples_are_capped_and_loader_notes_summed() -> None:
    documents = [
        _doc(
            (Span(0, 5, "NAME"),),
            text=f"Jane {i}",
            doc_id=str(i),
            loader_notes={"html_unescaped": 1},
        )
        for i in range(8)
    ]
    _, report = validate_documents(documents, None, max_examples=3)
    assert report.counts["whitespace_trimmed"] == 8
    assert len(report.examples["whitespace_trimmed"]) == 3
    assert report.loader_notes == {"html_unescaped": 8}


def test_report_is_json_serialisable_and_saved_atomically(tmp_path: Path) -> None:
    report = ValidationReport()
    report.record_label_changes({("UNKNOWN", None): 2, ("Name", "NAME"): 3, ("NAME", "NAME"): 1})
    _, report = validate_documents(
        [_doc((Span(0, 5, "NAME"), Span(0, 50, "NAME")))], ["NAME"], report=report
    )
    data = report.to_dict()
    assert data["documents"] == {"in": 1, "out": 1}
    assert data["spans"] == {"in": 4, "out": 1, "in_dropped_documents": 0}
    assert data["counts"] == {"label_dropped_by_map": 2, "out_of_range": 1, "whitespace_trimmed": 1}
    assert data["label_mapping"] == {"Name -> NAME": 3, "UNKNOWN -> (dropped)": 2}
    assert data["settings"]["labels"] == ["NAME"]
    path = report.save(tmp_path / "reports" / "validation.json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(data))
    assert [p.name for p in path.parent.iterdir()] == ["validation.json"]
    lines = report.summary_lines()
    assert lines[:2] == ["documents: 1 in, 1 out", "spans: 4 in, 1 out"]
    assert "  dropped 2 span(s): label_dropped_by_map" in lines
    assert "  fixed 1 span(s): whitespace_trimmed" in lines
    assert "  label UNKNOWN -> (dropped): 2" in lines
    assert _balanced(report)
