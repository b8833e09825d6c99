"""Label Studio JSON exports: a list of tasks with ``data`` and ``annotations[].result``.

The text is the first string field of ``data``. Spans come from
the first annotation that was not cancelled (``was_cancelled``), from its results of type
``labels`` (``value.start``, ``value.end`` exclusive, ``value.labels``; several labels give
one span each). Model ``predictions`` are never read: only human annotations count. A task
with no usable annotation is kept but marked unannotated; validation drops and counts it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import RecordReader
from resume_ner.data.loaders.records import Parsed, read_records

FORMAT = "label_studio"


def _text(reader: RecordReader, data: Mapping[str, Any]) -> str:
    for value in data.values():
        if isinstance(value, str):
            return value
    raise reader.error("data", "no string field to read the text from")


def _chosen(reader: RecordReader, task: Mapping[str, Any], notes: Counter[str]) -> int | None:
    annotations = reader.list(task.get("annotations") or [], "annotations")
    for index, item in enumerate(annotations):
        annotation = reader.object(item, f"annotations[{index}]")
        if annotation.get("was_cancelled"):
            notes["cancelled_annotation_skipped"] += 1
            continue
        return index
    return None


def _spans(reader: RecordReader, results: Any, where: str) -> list[Span]:
    spans = []
    for i, item in enumerate(reader.list(results, where)):
        at = f"{where}[{i}]"
        result = reader.object(item, at)
        value = result.get("value")
        if result.get("type", "labels") != "labels" or not isinstance(value, Mapping):
            continue
        if "labels" not in value:
            continue
        spot = f"{at}.value"
        start, end = reader.offset(value, "start", spot), reader.offset(value, "end", spot)
        reader.offsets(start, end, spot)
        labels = reader.list(value["labels"], f"{at}.value.labels")
        for j, label in enumerate(labels):
            spans.append(Span(start, end, reader.string(label, f"{at}.value.labels[{j}]")))
    return spans


def read_label_studio(path: str | os.PathLike[str]) -> list[Document]:
    """Read a Label Studio JSON export (or JSON Lines of tasks).

    Raises:
        DataFormatError: Naming the file, record and field of the first problem.
    """

    def parse(reader: RecordReader, task: Mapping[str, Any]) -> Parsed:
        data = reader.object(reader.require(task, "data", "data"), "data")
        text = _text(reader, data)
        notes: Counter[str] = Counter()
        meta: dict[str, Any] = {}
        chosen = _chosen(reader, task, notes)
        spans: list[Span] = []
        if chosen is None:
            meta["unannotated"] = True
        else:
            where = f"annotations[{chosen}].result"
            annotation = task["annotations"][chosen]
            spans = _spans(reader, reader.require(annotation, "result", where), where)
        if notes:
            meta["loader_notes"] = dict(notes)
        return task.get("id"), text, spans, meta

    return read_records(path, FORMAT, parse)


def looks_label_studio(record: Any) -> bool:
    """Whether a first record has the Label Studio task shape (``data`` object)."""
    return isinstance(record, Mapping) and isinstance(record.get("data"), Mapping)
