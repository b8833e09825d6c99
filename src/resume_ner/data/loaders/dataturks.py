"""DataTurks JSON Lines: ``content`` + ``annotation[].label`` + ``points[]`` with INCLUSIVE ends.

Quirks handled here: ``annotation`` may be null (the document is marked unannotated and
validation drops and counts it); a label list with several labels gives one span per label;
an empty label list gives no span (counted as a loader note). Exported ``content`` is often
HTML-escaped (``&amp;``) while the offsets refer to the unescaped text: when unescaping makes
more of the points' ``text`` fields match their offsets, the unescaped text is used (noted as
``html_unescaped``). Points whose ``text`` still differs are kept and counted.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Mapping
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import RecordReader
from resume_ner.data.loaders.records import Parsed, read_records

FORMAT = "dataturks"

_Point = tuple[int, int, str | None]


def _labels(reader: RecordReader, raw: Any, where: str) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    items = reader.list(raw, where)
    return [reader.string(item, f"{where}[{i}]") for i, item in enumerate(items)]


def _points(reader: RecordReader, raw: Any, where: str) -> list[_Point]:
    points = []
    for i, item in enumerate(reader.list(raw, where)):
        at = f"{where}[{i}]"
        point = reader.object(item, at)
        start, end = reader.offset(point, "start", at), reader.offset(point, "end", at)
        reader.offsets(start, end + 1, at)
        text = point.get("text")
        points.append((start, end + 1, text if isinstance(text, str) else None))
    return points


def _annotations(reader: RecordReader, raw: Any, notes: Counter[str]) -> list[tuple[str, _Point]]:
    labelled: list[tuple[str, _Point]] = []
    for i, item in enumerate(reader.list(raw, "annotation")):
        at = f"annotation[{i}]"
        annotation = reader.object(item, at)
        labels = _labels(reader, reader.require(annotation, "label", f"{at}.label"), f"{at}.label")
        raw_points = reader.require(annotation, "points", f"{at}.points")
        points = _points(reader, raw_points, f"{at}.points")
        if not labels:
            notes["annotation_without_label"] += len(points)
        labelled.extend((label, point) for label in labels for point in points)
    return labelled


def _matches(text: str, points: list[_Point]) -> int:
    return sum(
        1 for start, end, quoted in points if quoted is not None and text[start:end] == quoted
    )


def _choose_text(content: str, points: list[_Point], notes: Counter[str]) -> str:
    checked = [point for point in points if point[2] is not None]
    unescaped = html.unescape(content)
    text = content
    if unescaped != content and checked:
        raw_hits, new_hits = _matches(content, checked), _matches(unescaped, checked)
        if new_hits > raw_hits or new_hits == raw_hits == len(checked):
            text = unescaped
            notes["html_unescaped"] += 1
    mismatched = len(checked) - _matches(text, checked)
    if mismatched:
        notes["point_text_mismatch"] += mismatched
    return text


def read_dataturks(path: str | os.PathLike[str]) -> list[Document]:
    """Read a DataTurks export (JSON Lines, or a JSON list of the same records).

    Raises:
        DataFormatError: Naming the file, line and field of the first structural problem.
    """

    def parse(reader: RecordReader, data: Mapping[str, Any]) -> Parsed:
        content = reader.string(reader.require(data, "content", "content"), "content")
        raw = reader.require(data, "annotation", "annotation")
        notes: Counter[str] = Counter()
        meta: dict[str, Any] = {}
        labelled = [] if raw is None else _annotations(reader, raw, notes)
        if raw is None:
            meta["unannotated"] = True
        points = [point for _, point in labelled]
        text = _choose_text(content, points, notes)
        if notes:
            meta["loader_notes"] = dict(notes)
        spans = [Span(start, end, label) for label, (start, end, _) in labelled]
        return data.get("id"), text, spans, meta

    return read_records(path, FORMAT, parse)


def looks_dataturks(record: Any) -> bool:
    """Whether a first record has the DataTurks shape (``content`` + ``annotation``)."""
    return isinstance(record, Mapping) and "content" in record and "annotation" in record
