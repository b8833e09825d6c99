"""Reading JSON lists and JSON Lines record by record, document ids and provenance metadata.

JSON Lines are split on ``\\n`` only, so a raw U+2028 inside a string stays in its record.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import DataFormatError, RecordReader

PROVENANCE_KEYS = frozenset({"source", "format", "record", "line", "loader_notes"})
"""Metadata keys a loader sets; writers leave them out because a reader sets them again."""

_GZIP_MAGIC = b"\x1f\x8b"


def read_text(path: Path) -> str:
    """The UTF-8 text of an annotation file, gunzipped when it is gzip-compressed (detected
    from its first bytes); a leading byte-order mark is dropped.

    Raises:
        FileNotFoundError: If the file does not exist.
        DataFormatError: If it is a folder, a broken gzip stream or not UTF-8.
    """
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise DataFormatError(path, "is a folder, expected a file")
    data = path.read_bytes()
    if data.startswith(_GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise DataFormatError(path, f"broken gzip data: {exc}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise DataFormatError(path, f"not valid UTF-8 (byte {exc.start})") from None


def iter_records(path: Path) -> Iterator[tuple[Any, RecordReader]]:
    """Yield each record of a JSON list (``[...]``) or a JSON Lines file and where it came from.

    Raises:
        DataFormatError: ``bad JSON on line N`` naming the file and line.
    """
    text = read_text(path)
    if text.lstrip().startswith("[") and not _lines_of_json(text):
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFormatError(
                path,
                f"bad JSON on line {exc.lineno}: {exc.msg} (column {exc.colno})",
                line=exc.lineno,
            ) from None
        for index, value in enumerate(values):
            yield value, RecordReader(path, None, index)
        return
    index = 0
    try:
        for number, value in json_lines(text, path):
            yield value, RecordReader(path, number, index)
            index += 1
    except DataFormatError:
        if index or (whole := _single_object(text)) is None:
            raise
        yield whole, RecordReader(path, None, 0)


def json_lines(text: str, path: str | os.PathLike[str]) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line of JSON Lines ``text``.

    Raises:
        DataFormatError: ``bad JSON on line N`` naming ``path`` and the line.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            message = f"bad JSON on line {number}: {exc.msg} (column {exc.colno})"
            raise DataFormatError(path, message, line=number) from None


def _lines_of_json(text: str) -> bool:
    """Whether text starting with ``[`` is JSON Lines: its first line is a whole JSON value
    and other non-blank lines follow."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        json.loads(lines[0])
    except json.JSONDecodeError:
        return False
    return True


def _single_object(text: str) -> dict[str, Any] | None:
    """The value of a file holding one (pretty-printed) JSON object, else ``None``."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def text_id(text: str) -> str:
    """A stable document id derived from the text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class IdAllocator:
    """Hands out document ids unique within one load: the source id, else the text hash.

    A repeated id gets ``-2``, ``-3``, ... appended.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def allocate(self, preferred: Any, text: str) -> str:
        """A unique id: ``preferred`` (as a string) when given, else :func:`text_id`."""
        base = str(preferred) if preferred not in (None, "") else text_id(text)
        candidate = base
        suffix = 2
        while candidate in self._used:
            candidate = f"{base}-{suffix}"
            suffix += 1
        self._used.add(candidate)
        return candidate


def provenance(record: RecordReader, fmt: str) -> dict[str, Any]:
    """Metadata naming the source file, record index, line (if any) and format."""
    meta: dict[str, Any] = {"source": str(record.path), "format": fmt, "record": record.record}
    if record.line is not None:
        meta["line"] = record.line
    return meta


Parsed = tuple[Any, str, Sequence[Span], Mapping[str, Any]]
"""What a format reads from one record: source id (or None), text, spans, extra metadata."""


def read_records(
    path: str | os.PathLike[str],
    fmt: str,
    parse: Callable[[RecordReader, Mapping[str, Any]], Parsed],
) -> list[Document]:
    """The documents of a JSON list or JSON Lines file, one per object record, with unique
    ids (:class:`IdAllocator`) and provenance metadata.

    Raises:
        DataFormatError: For bad JSON, a record that is not an object, or what ``parse`` raises.
    """
    ids = IdAllocator()
    documents = []
    for value, reader in iter_records(Path(path)):
        doc_id, text, spans, extra = parse(reader, reader.object(value, ""))
        meta = {**extra, **provenance(reader, fmt)}
        documents.append(Document(ids.allocate(doc_id, text), text, tuple(spans), meta))
    return documents
