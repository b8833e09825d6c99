"""Reading documents to predict: plain text, JSON Lines, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.common.shared import FileFormatError
from resume_ner.deployment.inference.inputs import (
    InputDocument,
    parse_documents,
    read_documents,
)


def test_a_text_file_is_one_document_with_its_exact_characters(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes("Jane Doe\r\nPython — Berlin\n".encode())
    assert read_documents(path) == [InputDocument("cv.txt", "Jane Doe\r\nPython — Berlin\n")]


def test_stdin_text_is_one_document() -> None:
    assert parse_documents("Jane\n\nDoe", "-") == [InputDocument("stdin", "Jane\n\nDoe")]


def test_jsonl_records_are_documents_with_ids(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "Jane Doe", "id": "a"}\n\n{"text": ""}\n{"text": "x", "id": 7}\n')
    assert read_documents(path) == [
        InputDocument("a", "Jane Doe"),
        InputDocument("line-3", ""),
        InputDocument("7", "x"),
    ]


def test_the_format_can_be_forced() -> None:
    content = '{"text": "Jane"}'
    assert parse_documents(content, "-", "jsonl") == [InputDocument("line-1", "Jane")]
    assert parse_documents(content, "in.jsonl", "text") == [InputDocument("in.jsonl", content)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{"text": "bad"', "batch.jsonl:2: bad JSON on line 2: Expecting"),
        ('{"text": "ok"}\n["a"]\n', "batch.jsonl:2: expected an object, got list"),
        ('\n\n{"body": "a"}\n', "batch.jsonl:3: record has no string 'text' field"),
        ('{"text": "a", "id": [1]}\n', "batch.jsonl:1: 'id' must be a string or integer, got [1]"),
    ],
)
def test_bad_jsonl_records_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(content)
    with pytest.raises(ValueError) as caught:
        read_documents(path)
    assert message in str(caught.value)


def test_empty_jsonl_missing_files_folders_and_bad_bytes_are_clear(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n \n")
    with pytest.raises(ValueError, match=r"empty\.jsonl: no records"):
        read_documents(empty)
    with pytest.raises(FileNotFoundError, match=r"missing\.txt: no such file"):
        read_documents(tmp_path / "missing.txt")
    with pytest.raises(FileFormatError, match=r"is a folder, expected a text or \.jsonl file"):
        read_documents(tmp_path)
    binary = tmp_path / "cv.txt"
    binary.write_bytes(b"Jane \xff")
    with pytest.raises(FileFormatError, match=r"cv.txt: not valid UTF-8 \(byte 5\)"):
        read_documents(binary)
    with pytest.raises(ValueError, match="unknown input format 'pdf'; use one of auto, text"):
        parse_documents("x", "-", "pdf")
