"""Documents to predict: a PDF, DOCX or image file, one plain-text document, or JSON Lines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.shared import FileFormatError
from resume_ner.data.documents import ReadDocument, detect_kind, read_file
from resume_ner.data.loaders.records import json_lines

INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "jsonl")
"""``auto``: JSON Lines for a ``.jsonl`` file, plain text otherwise (stdin included)."""


@dataclass(frozen=True)
class InputDocument:
    """One document to predict: its id (record id, line number or source name) and text.

    ``read`` says how a PDF, DOCX or image file was read (``None`` for text and JSON Lines).
    """

    id: str
    text: str
    read: ReadDocument | None = None


def _format_of(source: str, fmt: str) -> str:
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {fmt!r}; use one of {', '.join(INPUT_FORMATS)}")
    if fmt != "auto":
        return fmt
    return "jsonl" if source.lower().endswith(".jsonl") else "text"


def parse_documents(content: str, source: str, fmt: str = "auto") -> list[InputDocument]:
    """Documents of ``content`` read from ``source`` (a file name, or ``-`` for stdin).

    Plain text is one document. JSON Lines holds one object per line with a string
    ``"text"`` and an optional ``"id"`` (string or integer; default ``line-<N>``); blank
    lines are skipped.

    Raises:
        FileFormatError: Naming ``source`` and the line of an invalid record (a
            ``DataFormatError`` for a line that is not JSON).
        ValueError: For an unknown format, or JSON Lines without any record.
    """
    if _format_of(source, fmt) == "text":
        return [InputDocument(Path(source).name if source != "-" else "stdin", content)]
    documents = []
    for number, record in json_lines(content, source):
        if not isinstance(record, dict):
            raise FileFormatError(
                source, f"expected an object, got {type(record).__name__}", number
            )
        text = record.get("text")
        if not isinstance(text, str):
            raise FileFormatError(source, "record has no string 'text' field", number)
        doc_id = record.get("id", f"line-{number}")
        if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
            raise FileFormatError(
                source, f"'id' must be a string or integer, got {doc_id!r}", number
            )
        documents.append(InputDocument(str(doc_id), text))
    if not documents:
        raise ValueError(f"{source}: no records (expected one JSON object per line with 'text')")
    return documents


def read_documents(path: str | os.PathLike[str], fmt: str = "auto") -> list[InputDocument]:
    """Documents of a file: a PDF, DOCX or image (by its bytes) is one document read with
    :func:`~resume_ner.data.documents.read_file`; other files as :func:`parse_documents`, line
    endings kept as they are, so entity offsets index the file's exact text.

    Raises:
        FileNotFoundError: If the file does not exist.
        FileFormatError: If it is a folder, not UTF-8, or holds an invalid record.
        DocumentError: If a PDF, DOCX or image cannot be read (naming the file).
    """
    file_path = Path(path)
    if not file_path.exists():
        raise FileNotFoundError(f"{file_path}: no such file")
    if file_path.is_dir():
        raise FileFormatError(file_path, "is a folder, expected a text or .jsonl file")
    data = file_path.read_bytes()
    if detect_kind(data[:4096]) != "text":
        read = read_file(file_path)
        return [InputDocument(file_path.name, read.text, read)]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(file_path, f"not valid UTF-8 (byte {exc.start})") from None
    return parse_documents(content, str(file_path), fmt)
