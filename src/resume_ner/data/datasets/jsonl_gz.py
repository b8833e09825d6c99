"""Read and write gzipped native JSONL: {"id", "text", "annotations": [[start, end, label]]}."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from resume_ner.common.shared import FileFormatError, atomic_write_bytes
from resume_ner.data.loaders.document import Document, Span


def document_record(document: Document) -> dict[str, Any]:
    """The native JSON record of a document: id, text and ``[start, end, label]`` triples."""
    return {
        "id": document.id,
        "text": document.text,
        "annotations": [[span.start, span.end, span.label] for span in document.spans],
    }


def write_documents_gz(path: str | os.PathLike[str], documents: Iterable[Document]) -> Path:
    """Atomically write documents as gzipped JSONL with reproducible bytes (no timestamp).

    Args:
        path: Destination file (``.jsonl.gz``).
        documents: Documents in the order to write.

    Returns:
        The written path.
    """
    lines = [
        json.dumps(document_record(doc), ensure_ascii=False, separators=(",", ":"))
        for doc in documents
    ]
    payload = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    return atomic_write_bytes(path, buffer.getvalue())


def _span(path: Path, line: int, item: Any, text_length: int) -> Span:
    valid = (
        isinstance(item, list | tuple)
        and len(item) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) for v in item[:2])
        and isinstance(item[2], str)
    )
    if not valid:
        raise FileFormatError(path, f"annotation {item!r} is not [start, end, label]", line)
    start, end, label = item
    if not 0 <= start < end <= text_length:
        raise FileFormatError(
            path, f"annotation {item!r} is outside the text (length {text_length})", line
        )
    return Span(start, end, label)


def _document(path: Path, line: int, record: Any, source: str) -> Document:
    if not isinstance(record, dict):
        raise FileFormatError(path, f"expected a JSON object, got {type(record).__name__}", line)
    text = record.get("text")
    if not isinstance(text, str):
        raise FileFormatError(path, "field 'text' must be a string", line)
    doc_id = record.get("id", f"{path.name}:{line}")
    if not isinstance(doc_id, str) or not doc_id:
        raise FileFormatError(path, "field 'id' must be a non-empty string", line)
    annotations = record.get("annotations") or []
    if not isinstance(annotations, list):
        raise FileFormatError(path, "field 'annotations' must be a list", line)
    spans = tuple(_span(path, line, item, len(text)) for item in annotations)
    meta = {"source": source, "format": "native", "line": line}
    return Document(doc_id, text, spans, meta)


def read_documents_gz(path: str | os.PathLike[str], source: str | None = None) -> list[Document]:
    """Read gzipped (or plain) native JSONL into documents.

    Args:
        path: A ``.jsonl.gz`` or ``.jsonl`` file.
        source: Provenance recorded in each document's ``meta["source"]`` (default: the path).

    Raises:
        FileNotFoundError: If the file does not exist.
        FileFormatError: Naming the file and line of a malformed record or annotation.
    """
    file_path = Path(path)
    if not file_path.is_file():
        raise FileNotFoundError(f"{file_path}: no such file")
    raw = file_path.read_bytes()
    try:
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        text = data.decode("utf-8")
    except (OSError, EOFError) as exc:
        raise FileFormatError(file_path, f"not a readable gzip file ({exc})") from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(file_path, f"not valid UTF-8 (byte {exc.start})") from None
    documents = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileFormatError(
                file_path, f"invalid JSON: {exc.msg} (column {exc.colno})", number
            ) from None
        documents.append(_document(file_path, number, record, source or str(file_path)))
    return documents
