"""The native format: ``{"text", "annotations": [[start, end_exclusive, label], ...]}``.

A file is a JSON list of such records or JSON Lines with one per line; ``id`` and ``meta``
are optional. Annotations may also be objects ``{"start", "end", "label"}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.shared import atomic_write_text, canonical
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import RecordReader
from resume_ner.data.loaders.records import PROVENANCE_KEYS, Parsed, read_records

FORMAT = "native"


def _span(reader: RecordReader, item: Any, where: str) -> Span:
    if isinstance(item, Mapping):
        return reader.keyed_span(item, where)
    return reader.triple(item, where)


def read_native(path: str | os.PathLike[str]) -> list[Document]:
    """Read a native JSON list or JSON Lines file.

    Only types and structure are checked here; offsets past the end of the text are kept and
    left to validation, which drops and counts them.

    Raises:
        DataFormatError: Naming the file, line or record, and field of the first problem.
    """
    return read_records(path, FORMAT, _parse)


def _parse(reader: RecordReader, data: Mapping[str, Any]) -> Parsed:
    text = reader.string(reader.require(data, "text", "text"), "text")
    items = reader.list(reader.require(data, "annotations", "annotations"), "annotations")
    spans = [_span(reader, item, f"annotations[{i}]") for i, item in enumerate(items)]
    extra = reader.object(data["meta"], "meta") if data.get("meta") is not None else {}
    doc_id = data.get("id")
    if doc_id is not None and not isinstance(doc_id, str | int):
        raise reader.error("id", f"expected a string or integer, got {doc_id!r}")
    return doc_id, text, spans, extra


def looks_native(record: Any) -> bool:
    """Whether a first record has the native shape (``text`` + list-of-lists annotations)."""
    if not isinstance(record, Mapping) or not isinstance(record.get("text"), str):
        return False
    annotations = record.get("annotations")
    if not isinstance(annotations, list):
        return False
    return all(isinstance(item, list | Mapping) and "value" not in item for item in annotations)


def native_record(document: Document) -> dict[str, Any]:
    """The native JSON record of a document (provenance metadata left out)."""
    record = document.record(meta=False)
    meta = {key: value for key, value in document.meta.items() if key not in PROVENANCE_KEYS}
    if meta:
        try:
            record["meta"] = canonical(meta)
        except TypeError as exc:
            raise ValueError(f"document {document.id!r}: meta is not JSON-able: {exc}") from None
    return record


def write_native(documents: Iterable[Document], path: str | os.PathLike[str]) -> Path:
    """Atomically write documents in the native format: a JSON list for ``.json``, JSON Lines
    for ``.jsonl``.

    Raises:
        ValueError: For another suffix, or metadata that has no JSON form.
    """
    target = Path(path)
    records = [native_record(document) for document in documents]
    if target.suffix == ".jsonl":
        lines = [json.dumps(record, ensure_ascii=False) for record in records]
        return atomic_write_text(target, "".join(line + "\n" for line in lines))
    if target.suffix == ".json":
        return atomic_write_text(target, json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    raise ValueError(f"{target}: native files end in .json (a list) or .jsonl (one per line)")
