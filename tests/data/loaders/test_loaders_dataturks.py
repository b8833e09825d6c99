"""DataTurks reader: inclusive ends, null annotations, multi-label points, HTML-escaped text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import DataFormatError, Span, read_dataturks

CONTENT = "Jane Doe\nSenior Engineer\nAcme Corp"


def _write(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _point(start: int, end_inclusive: int) -> dict[str, object]:
    return {"start": start, "end": end_inclusive, "text": CONTENT[start : end_inclusive + 1]}


def test_inclusive_ends_become_exclusive_and_labels_fan_out(tmp_path: Path) -> None:
    record = {
        "content": CONTENT,
        "annotation": [
            {"label": ["Name"], "points": [_point(0, 7)]},
            {"label": ["Designation", "Companies worked at"], "points": [_point(9, 23)]},
            {"label": "Companies worked at", "points": [_point(25, 33)]},
        ],
        "extras": None,
    }
    (document,) = read_dataturks(_write(tmp_path / "dt.jsonl", [record]))
    assert document.text == CONTENT
    assert document.spans == (
        Span(0, 8, "Name"),
        Span(9, 24, "Companies worked at"),
        Span(9, 24, "Designation"),
        Span(25, 34, "Companies worked at"),
    )
    assert document.spans[0].text_in(document.text) == "Jane Doe"
    assert document.meta["format"] == "dataturks"
    assert document.meta["line"] == 1
    assert "loader_notes" not in document.meta


def test_null_annotation_is_marked_unannotated(tmp_path: Path) -> None:
    (document,) = read_dataturks(
        _write(tmp_path / "dt.jsonl", [{"content": "x", "annotation": None}])
    )
    assert document.spans == ()
    assert document.meta["unannotated"] is True


def test_empty_label_list_is_a_loader_note(tmp_path: Path) -> None:
    record = {"content": CONTENT, "annotation": [{"label": [], "points": [_point(0, 7)]}]}
    (document,) = read_dataturks(_write(tmp_path / "dt.jsonl", [record]))
    assert document.spans == ()
    assert document.meta["loader_notes"] == {"annotation_without_label": 1}


def test_html_escaped_content_is_unescaped_when_offsets_refer_to_it(tmp_path: Path) -> None:
    raw = "R&amp;D lead\nJane Doe"
    plain = "R&D lead\nJane Doe"
    start = plain.index("Jane")
    record = {
        "content": raw,
        "annotation": [
            {"label": ["Name"], "points": [{"start": start, "end": start + 7, "text": "Jane Doe"}]}
        ],
    }
    path = _write(tmp_path / "dt.jsonl", [record])
    (document,) = read_dataturks(path)
    assert document.text == plain
    assert document.spans[0].text_in(document.text) == "Jane Doe"
    assert document.meta["loader_notes"] == {"html_unescaped": 1}


def test_escaped_content_is_kept_when_offsets_refer_to_it(tmp_path: Path) -> None:
    raw = "Jane Doe at R&amp;D"
    record = {
        "content": raw,
        "annotation": [{"label": ["X"], "points": [{"start": 12, "end": 18, "text": "R&amp;D"}]}],
    }
    (document,) = read_dataturks(_write(tmp_path / "dt.jsonl", [record]))
    assert document.text == raw
    assert "loader_notes" not in document.meta


@pytest.mark.parametrize(
    ("annotation", "field", "message"),
    [
        (
            [{"label": ["Name"], "points": [{"start": "abc", "end": 3}]}],
            "annotation[0].points[0].start",
            "expected an integer, got 'abc'",
        ),
        (
            [{"label": ["Name"], "points": [{"start": 0}]}],
            "annotation[0].points[0].end",
            "missing field",
        ),
        ([{"points": []}], "annotation[0].label", "missing field"),
        ([{"label": [1], "points": []}], "annotation[0].label[0]", "expected a string, got 1"),
        ([{"label": ["Name"], "points": {"start": 0}}], "annotation[0].points", "expected a list"),
        ({"label": "x"}, "annotation", "expected a list"),
    ],
)
def test_malformed_records_name_file_line_and_field(
    tmp_path: Path, annotation: object, field: str, message: str
) -> None:
    good = {"content": "ok", "annotation": []}
    path = _write(
        tmp_path / "traindata.jsonl", [good] * 16 + [{"content": CONTENT, "annotation": annotation}]
    )
    with pytest.raises(DataFormatError) as info:
        read_dataturks(path)
    assert str(info.value).startswith(f"{path}:17: field {field!r}: ")
    assert message in str(info.value)


def test_missing_content_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "dt.jsonl", [{"annotation": []}])
    with pytest.raises(DataFormatError, match=r"dt\.jsonl:1: field 'content': missing field"):
        read_dataturks(path)
