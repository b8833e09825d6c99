"""Doccano sequence-labelling exports (JSON Lines or a JSON list).

Each record has the text under ``text`` (``data`` in some exports) and its spans either as
``label: [[start, end_exclusive, "LABEL"], ...]`` or as
``entities: [{"start_offset", "end_offset", "label"}, ...]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import RecordReader
from resume_ner.data.loaders.records import Parsed, read_records

FORMAT = "doccano"


def _text(reader: RecordReader, data: Mapping[str, Any]) -> str:
    key = "text" if "text" in data else "data"
    if key not in data:
        raise reader.error("text", "missing field (Doccano records carry 'text' or 'data')")
    return reader.string(data[key], key)


def _list_spans(reader: RecordReader, raw: Any) -> list[Span]:
    spans = []
    for i, item in enumerate(reader.list(raw, "label")):
        at = f"label[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            raise reader.error(at, f"expected [start, end, label], got {item!r}"[:120])
        start, end = reader.integer(item[0], f"{at}[0]"), reader.integer(item[1], f"{at}[1]")
        label = reader.string(item[2], f"{at}[2]")
        reader.offsets(start, end, at)
        spans.append(Span(start, end, label))
    return spans


def _entity_spans(reader: RecordReader, raw: Any) -> list[Span]:
    spans = []
    for i, item in enumerate(reader.list(raw, "entities")):
        at = f"entities[{i}]"
        entity = reader.object(item, at)
        start = reader.integer(
            reader.require(entity, "start_offset", f"{at}.start_offset"), f"{at}.start_offset"
        )
        end = reader.integer(
            reader.require(entity, "end_offset", f"{at}.end_offset"), f"{at}.end_offset"
        )
        label = reader.string(reader.require(entity, "label", f"{at}.label"), f"{at}.label")
        reader.offsets(start, end, at)
        spans.append(Span(start, end, label))
    return spans


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
    spans = []
    if "label" in data:
        spans.extend(_list_spans(reader, data["label"]))
    if "entities" in data:
        spans.extend(_entity_spans(reader, data["entities"]))
    return data.get("id"), text, spans, {}


def looks_doccano(record: Any) -> bool:
    """Whether a first record has the Doccano shape (text or data + label or entities)."""
    if not isinstance(record, Mapping):
        return False
    has_text = isinstance(record.get("text"), str) or isinstance(record.get("data"), str)
    return has_text and ("label" in record or "entities" in record)
