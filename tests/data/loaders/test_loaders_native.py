"""Native JSON/JSONL reader and writer: shapes, provenance, malformed input, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import DataFormatError, Document, Span, read_native, write_native

TEXT = "Jane Doe\nData Engineer at Acme"


def _write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_reads_json_list_with_ids_meta_and_provenance(tmp_path: Path) -> None:
    path = tmp_path / "docs.json"
    records = [
        {"id": "a", "text": TEXT, "annotations": [[0, 8, "NAME"], [9, 22, "DESIGNATION"]]},
        {"text": "Bob", "annotations": [{"start": 0, "end": 3, "label": "NAME"}], "meta": {"k": 1}},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    first, second = read_native(path)
    assert first.id == "a"
    assert first.spans == (Span(0, 8, "NAME"), Span(9, 22, "DESIGNATION"))
    assert first.meta["source"] == str(path)
    assert first.meta["format"] == "native"
    assert first.meta["record"] == 0
    assert "line" not in first.meta
    assert second.spans == (Span(0, 3, "NAME"),)
    assert second.meta["k"] == 1
    assert len(second.id) == 16  # derived from the text hash


def test_reads_jsonl_with_lines_and_unique_ids(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": 7, "text": "x", "annotations": []})
        + "\n\n"
        + json.dumps({"id": 7, "text": "y", "annotations": []})
        + "\n",
        encoding="utf-8",
    )
    first, second = read_native(path)
    assert (first.id, second.id) == ("7", "7-2")
    assert (first.meta["line"], second.meta["line"]) == (1, 3)
    assert (first.meta["record"], second.meta["record"]) == (0, 1)


def test_offsets_past_the_text_are_left_to_validation(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "d.jsonl", [{"text": "abc", "annotations": [[1, 500, "X"]]}])
    (document,) = read_native(path)
    assert document.spans == (Span(1, 500, "X"),)


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    good = json.dumps({"text": "a", "annotations": []})
    path.write_text(f"{good}\n{good}\n{{not json\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_native(path)
    assert str(info.value).startswith(f"{path}:3: bad JSON on line 3")
    assert info.value.line == 3


def test_bad_json_list_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n {"text": "a", "annotations": []},\n {"text": }\n]', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"broken\.json:3: bad JSON on line 3"):
        read_native(path)


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        ({"annotations": []}, "text", "missing field"),
        ({"text": 5, "annotations": []}, "text", "expected a string, got 5"),
        ({"text": "a"}, "annotations", "missing field"),
        (
            {"text": "a", "annotations": [[0, "abc", "X"]]},
            "annotations[0][1]",
            "expected an integer, got 'abc'",
        ),
        ({"text": "a", "annotations": [[0, 1]]}, "annotations[0]", "expected [start, end, label]"),
        (
            {"text": "a", "annotations": [[0, 1, 3]]},
            "annotations[0][2]",
            "expected a string, got 3",
        ),
        (
            {"text": "a", "annotations": [[3, 1, "X"]]},
            "annotations[0]",
            "end (1) is before start (3)",
        ),
        ({"text": "a", "annotations": [[-1, 1, "X"]]}, "annotations[0][0]", "non-negative"),
        ({"text": "a", "annotations": [], "meta": [1]}, "meta", "expected an object"),
    ],
)
def test_malformed_records_name_file_line_and_field(
    tmp_path: Path, record: dict[str, object], field: str, message: str
) -> None:
    good = {"text": "ok", "annotations": []}
    path = _write_jsonl(tmp_path / "bad.jsonl", [good, good, record])
    with pytest.raises(DataFormatError) as info:
        read_native(path)
    text = str(info.value)
    assert text.startswith(f"{path}:3: field {field!r}: "), text
    assert message in text
    assert info.value.field == field


def test_malformed_json_list_names_the_record_index(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps([{"text": "a", "annotations": []}, {"text": None}]), encoding="utf-8"
    )
    with pytest.raises(DataFormatError) as info:
        read_native(path)
    assert str(info.value) == f"{path}: record 1: field 'text': expected a string, got null"
    assert info.value.record == 1


def test_record_that_is_not_an_object(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", [{"text": "a", "annotations": []}, [1, 2]])
    with pytest.raises(DataFormatError, match=r"bad\.jsonl:2: expected an object, got \[1, 2\]"):
        read_native(path)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_write_then_read_gives_identical_documents(tmp_path: Path, suffix: str) -> None:
    documents = [
        Document("one", TEXT, (Span(0, 8, "NAME"), Span(26, 30, "COMPANY")), {"sources": ["a"]}),
        Document("two", "Émile — Paris", (Span(8, 13, "LOCATION"),)),
    ]
    path = write_native(documents, tmp_path / f"out{suffix}")
    back = read_native(path)
    assert back == documents
    assert back[0].meta["sources"] == ["a"]
    assert "Émile" in path.read_text(encoding="utf-8")


def test_writer_leaves_provenance_out_and_rejects_other_suffixes(tmp_path: Path) -> None:
    document = Document("d", "x", (), {"source": "elsewhere.json", "format": "native", "line": 4})
    path = write_native([document], tmp_path / "out.jsonl")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "id": "d",
        "text": "x",
        "annotations": [],
    }
    with pytest.raises(ValueError, match=r"out\.txt: native files end in \.json"):
        write_native([document], tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


def test_single_pretty_printed_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": "abc", "annotations": [[0, 3, "X"]]}, indent=2))
    (document,) = read_native(path)
    assert document.spans == (Span(0, 3, "X"),)
