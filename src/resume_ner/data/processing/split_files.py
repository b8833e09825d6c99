"""Write splits as native JSONL files plus a splits.json id list, and read a split back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from resume_ner.common.shared import FileFormatError, atomic_write_text, write_json
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.splits import Splits

SPLITS_FILE = "splits.json"
"""The file listing the document ids of each split."""


def _jsonl(documents: tuple[Document, ...]) -> str:
    lines = []
    for document in documents:
        try:
            lines.append(json.dumps(document.record(), ensure_ascii=False))
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"document {document.id!r}: meta is not JSON-serialisable: {exc}"
            ) from None
    return "".join(line + "\n" for line in lines)


def write_splits(splits: Splits, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Atomically write ``train.jsonl``, ``validation.jsonl``, ``test.jsonl`` and ``splits.json``.

    ``splits.json`` (``{"train": [ids], "validation": [ids], "test": [ids]}``) is written
    last, so its presence means the three files are complete.

    Returns:
        ``{"train": path, "validation": path, "test": path, "splits": path}``.

    Raises:
        ValueError: If a document's meta cannot be written as JSON (nothing is written then).
    """
    target = Path(folder)
    texts = {name: _jsonl(documents) for name, documents in splits.as_dict().items()}
    paths = {
        name: atomic_write_text(target / f"{name}.jsonl", text) for name, text in texts.items()
    }
    paths["splits"] = write_json(target / SPLITS_FILE, splits.ids())
    return paths


def _field(record: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"{where}{key!r} must be {kind.__name__}, got {type(value).__name__}")
    return value


def _span(item: Any, text: str, where: str) -> Span:
    valid = (
        isinstance(item, list)
        and len(item) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) for v in item[:2])
        and isinstance(item[2], str)
    )
    if not valid:
        raise ValueError(f"{where} must be [start, end, label], got {item!r}")
    start, end, label = item
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"{where} [{start}, {end}) is outside the text (length {len(text)})")
    return Span(start, end, label)


def _document(record: Any) -> Document:
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    doc_id = _field(record, "id", str, "")
    where = f"document {doc_id!r}: "
    text = _field(record, "text", str, where)
    annotations = record.get("annotations") or []
    if not isinstance(annotations, list):
        raise ValueError(f"{where}'annotations' must be a list")
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise ValueError(f"{where}'meta' must be an object")
    spans = [_span(item, text, f"{where}annotations[{i}]") for i, item in enumerate(annotations)]
    return Document(doc_id, text, tuple(spans), meta)


def read_split(path: str | os.PathLike[str]) -> list[Document]:
    """Read one native JSONL split file written by :func:`write_splits`.

    Raises:
        FileNotFoundError: If the file does not exist.
        FileFormatError: Naming the file and line of invalid JSON, a missing or mistyped
            field, an annotation outside the text, or a repeated id.
    """
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no such file")
    documents: list[Document] = []
    first_line: dict[str, int] = {}
    with source.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                document = _document(json.loads(line))
            except json.JSONDecodeError as exc:
                raise FileFormatError(source, f"invalid JSON: {exc.msg}", number) from None
            except ValueError as exc:
                raise FileFormatError(source, str(exc), number) from None
            if document.id in first_line:
                message = f"duplicate id {document.id!r} (first on line {first_line[document.id]})"
                raise FileFormatError(source, message, number)
            first_line[document.id] = number
            documents.append(document)
    return documents
