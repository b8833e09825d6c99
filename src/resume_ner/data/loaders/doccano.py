"""Doccano sequence-labelling exports (JSON Lines or a JSON list).

Each record has the text under ``text`` (``data`` in some exports) and its spans either as
``label: [[start, end_exclusive, "LABEL"], ...]`` or as
``entities: [{"start_offset", "end_offset", "label"}, ...]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from resume_ner.data.loaders.document import Document
from resume_ner.data.loaders.errors import RecordReader
from resume_ner.data.loaders.records import Parsed, read_records

FORMAT = "doccano"


def _text(reader: RecordReader, data: Mapping[str, Any]) -> str:
    key = "text" if "text" in data else "data"
    if key not in data:
        raise reader.error("text", "missing field (Doccano records carry 'text' or 'data')")
    return reader.string(data[key], key)


def read_doccano(path: str | os.PathLike[str]) -> list[Document]:
    """Read a Doccano export; ``label`` and ``entities`` spans are both taken when present.

    Raises:
        DataFormatError: Naming the file, line or record, and field of the first problem.
    """
    return read_records(path, FORMAT, _parse)


def _parse(reader: RecordReader, data: Mapping[str, Any]) -> Parsed:
    text = _text(reader, data)
    if "label" not in data and "entities" not in data:
        raise reader.error("label", "missing field (Doccano records carry 'label' or 'entities')")
    items = reader.list(data.get("label", []), "label")
    spans = [reader.triple(item, f"label[{i}]") for i, item in enumerate(items)]
    for i, item in enumerate(reader.list(data.get("entities", []), "entities")):
        entity = reader.object(item, f"entities[{i}]")
        spans.append(reader.keyed_span(entity, f"entities[{i}]", "start_offset", "end_offset"))
    return data.get("id"), text, spans, {}


def looks_doccano(record: Any) -> bool:
    """Whether a first record has the Doccano shape (text or data + label or entities)."""
    if not isinstance(record, Mapping):
        return False
    has_text = isinstance(record.get("text"), str) or isinstance(record.get("data"), str)
    return has_text and ("label" in record or "entities" in record)
