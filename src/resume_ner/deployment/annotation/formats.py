"""Pre-annotations in a labelling tool's import format: Label Studio tasks, Doccano JSONL."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.deployment.annotation.config import FROM_NAME, TO_NAME
from resume_ner.deployment.annotation.ranking import confidence

if TYPE_CHECKING:
    from resume_ner.deployment.inference import Entity, ModelInfo

FORMATS = ("label-studio", "doccano")
"""Import formats :func:`write_suggestions` writes."""


@dataclass(frozen=True)
class AnnotationDocument:
    """A document to pre-annotate: its text and where it came from (kept in the task data)."""

    text: str
    source: str | None = None


Documents = Sequence["AnnotationDocument | str"]


def _document(item: AnnotationDocument | str) -> AnnotationDocument:
    return item if isinstance(item, AnnotationDocument) else AnnotationDocument(item)


def model_version(info: ModelInfo) -> str:
    """``<model name>-<spec8>`` (the name alone when the model records no spec fingerprint)."""
    fingerprints: Mapping[str, str] = info.fingerprints
    spec = fingerprints.get("spec_fp") or fingerprints.get("spec8")
    return f"{info.name}-{spec[:8]}" if spec else info.name


def region(
    index: int, entity: Entity, from_name: str = FROM_NAME, to_name: str = TO_NAME
) -> dict[str, Any]:
    """One Label Studio ``labels`` region for ``entity`` (a non-finite score becomes 0)."""
    score = float(entity.score)
    return {
        "id": f"r{index}",
        "from_name": from_name,
        "to_name": to_name,
        "type": "labels",
        "value": {
            "start": entity.start,
            "end": entity.end,
            "text": entity.text,
            "labels": [entity.label],
        },
        "score": round(score, 6) if math.isfinite(score) else 0.0,
    }


def _pairs(
    documents: Documents, predictions: Sequence[Sequence[Entity]]
) -> Iterator[tuple[AnnotationDocument, Sequence[Entity]]]:
    if len(documents) != len(predictions):
        raise ValueError(f"{len(documents)} documents but {len(predictions)} predictions")
    for item, entities in zip(documents, predictions, strict=True):
        yield _document(item), entities


def label_studio_tasks(
    documents: Documents, predictions: Sequence[Sequence[Entity]], model_version: str
) -> list[dict[str, Any]]:
    """Label Studio tasks: ``data.text`` (and ``data.source``) with one prediction each.

    The prediction's ``score`` is the model's confidence in the document (its least
    confident entity, see :func:`~resume_ner.deployment.annotation.ranking.confidence`), so
    sorting tasks by prediction score in Label Studio puts the unsure ones first.

    Raises:
        ValueError: If documents and predictions differ in length.
    """
    tasks = []
    for document, entities in _pairs(documents, predictions):
        data: dict[str, Any] = {TO_NAME: document.text}
        if document.source is not None:
            data["source"] = document.source
        prediction = {
            "model_version": model_version,
            "score": round(confidence(entities), 6),
            "result": [region(i, entity) for i, entity in enumerate(entities)],
        }
        tasks.append({"data": data, "predictions": [prediction]})
    return tasks


def doccano_records(
    documents: Documents, predictions: Sequence[Sequence[Entity]]
) -> list[dict[str, Any]]:
    """Doccano sequence-labelling import records: ``{"text", "label": [[start, end, LABEL]]}``.

    Raises:
        ValueError: If documents and predictions differ in length.
    """
    records = []
    for document, entities in _pairs(documents, predictions):
        record: dict[str, Any] = {
            "text": document.text,
            "label": [[e.start, e.end, e.label] for e in entities],
        }
        if document.source is not None:
            record["source"] = document.source
        records.append(record)
    return records


def write_suggestions(
    path: str | os.PathLike[str],
    format: str,
    documents: Documents,
    predictions: Sequence[Sequence[Entity]],
    model_version: str,
) -> Path:
    """Write the import file atomically: a JSON list of tasks, or Doccano JSON Lines.

    Raises:
        ValueError: For a format not in :data:`FORMATS`.
    """
    from resume_ner.common.shared.atomic import atomic_write_text

    if format == "label-studio":
        tasks = label_studio_tasks(documents, predictions, model_version)
        text = json.dumps(tasks, ensure_ascii=False, indent=2) + "\n"
    elif format == "doccano":
        records = doccano_records(documents, predictions)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    return atomic_write_text(path, text)
