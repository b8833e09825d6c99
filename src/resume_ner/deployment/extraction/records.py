"""One result record per document: its JSONL object and its CSV row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from resume_ner.data.documents import ReadDocument
from resume_ner.deployment.inference.grouping import FIELD_OF_LABEL, group_fields
from resume_ner.deployment.inference.types import Entity

FIELD_COLUMNS: tuple[str, ...] = ("name", *(f for f in FIELD_OF_LABEL.values() if f != "name"))
"""The recruiter fields, one CSV column each (``other`` holds labels outside the schema)."""
CSV_COLUMNS: tuple[str, ...] = (
    *("path", "sha256", "kind", "method", "pages", "error"),
    *FIELD_COLUMNS,
    "other",
)
"""The header of a CSV results file."""
JOIN = "; "
"""Separator of the values of one field in a CSV cell."""


def success_record(
    path: str, sha256: str, document: ReadDocument, entities: Sequence[Entity], seconds: float
) -> dict[str, Any]:
    """The record of a document read and predicted."""
    return {
        "path": path,
        "sha256": sha256,
        **document.how_read(),
        "chars": len(document.text),
        "fields": group_fields(entities),
        "entities": [entity.to_dict() for entity in entities],
        "error": None,
        "seconds": round(seconds, 4),
    }


def failure_record(
    path: str, sha256: str | None, code: str, message: str, seconds: float
) -> dict[str, Any]:
    """The record of a document that could not be read or predicted (``sha256`` ``None``
    when its bytes could not be read)."""
    return {
        "path": path,
        "sha256": sha256,
        "kind": None,
        "method": None,
        "pages": None,
        "ocr_confidence": None,
        "chars": None,
        "fields": None,
        "entities": None,
        "error": {"code": code, "message": message},
        "seconds": round(seconds, 4),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = JOIN.join(str(item) for item in value)
    elif isinstance(value, dict):
        value = " | ".join(f"{key}: {JOIN.join(items)}" for key, items in value.items())
    # One record per physical line: a torn last line is then simply the one without "\n".
    return str(value).replace("\r", " ").replace("\n", " ")


def csv_row(record: dict[str, Any]) -> list[str]:
    """The CSV cells of a record, in :data:`CSV_COLUMNS` order (error as ``code: message``)."""
    error = record["error"]
    fields = record["fields"] or {}
    cells: dict[str, Any] = {
        **{key: record[key] for key in ("path", "sha256", "kind", "method", "pages")},
        "error": f"{error['code']}: {error['message']}" if error else None,
        **{name: fields.get(name) for name in (*FIELD_COLUMNS, "other")},
    }
    return [_cell(cells[column]) for column in CSV_COLUMNS]
