"""The label schema: entity labels, their BIO tags and the tag <-> id maps saved with models."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError, read_json, write_json

IGNORE_INDEX = -100
"""Label id of positions the loss ignores (special tokens, padding, non-first sub-tokens)."""
OUTSIDE = "O"
"""Tag of tokens outside every entity."""
SCHEMA_FORMAT = "resume-ner-label-schema/1"
"""Format tag stored in every saved schema."""

_LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class LabelSchemaError(ValueError):
    """A label set, tag or saved schema is invalid; the message says what and where."""


def _canonical_labels() -> tuple[str, ...]:
    from resume_ner.data.processing.labels import CANONICAL_LABELS

    return tuple(CANONICAL_LABELS)


def _validate_labels(labels: tuple[str, ...]) -> None:
    if not labels:
        raise LabelSchemaError("a label schema needs at least one label")
    seen: dict[str, str] = {}
    for position, label in enumerate(labels):
        if not isinstance(label, str):
            raise LabelSchemaError(
                f"label {position} must be a string, got {type(label).__name__}: {label!r}"
            )
        if label.upper() == OUTSIDE:
            raise LabelSchemaError(
                f"label {position} is {label!r}: 'O' is the outside tag and cannot be a label"
            )
        if not _LABEL_PATTERN.match(label):
            raise LabelSchemaError(
                f"label {position} {label!r} is not allowed: use letters, digits, '_', '-' or "
                "'.' (no spaces), starting with a letter or digit; map source labels such as "
                "'Companies worked at' to schema labels with data.label_map"
            )
        key = label.casefold()
        if key in seen:
            if seen[key] == label:
                raise LabelSchemaError(f"label {label!r} is listed twice")
            raise LabelSchemaError(
                f"labels {seen[key]!r} and {label!r} differ only in case; keep one of them"
            )
        seen[key] = label


@dataclass(frozen=True)
class LabelSchema:
    """An ordered set of entity labels and the BIO tagging built from it.

    Tags are ``"O"`` followed by ``B-<label>`` and ``I-<label>`` for each label in order, so
    tag ids are stable for a given label order.

    Attributes:
        labels: Entity labels, in order.
    """

    labels: tuple[str, ...]
    _label2id: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = tuple(self.labels)
        _validate_labels(labels)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "_label2id", {tag: i for i, tag in enumerate(self._tags(labels))})

    @staticmethod
    def _tags(labels: Iterable[str]) -> tuple[str, ...]:
        tags = [OUTSIDE]
        for label in labels:
            tags.extend((f"B-{label}", f"I-{label}"))
        return tuple(tags)

    @classmethod
    def canonical(cls) -> LabelSchema:
        """The canonical resume schema (NAME, EMAIL, PHONE, ... SKILLS)."""
        return cls(_canonical_labels())

    @property
    def tags(self) -> tuple[str, ...]:
        """All BIO tags: ``"O"``, then ``B-``/``I-`` per label in order."""
        return self._tags(self.labels)

    @property
    def num_tags(self) -> int:
        """Number of tags (the classifier's output size)."""
        return 1 + 2 * len(self.labels)

    @property
    def label2id(self) -> dict[str, int]:
        """Tag -> id (the Hugging Face ``label2id`` of the model config)."""
        return dict(self._label2id)

    @property
    def id2label(self) -> dict[int, str]:
        """Id -> tag (the Hugging Face ``id2label`` of the model config)."""
        return dict(enumerate(self.tags))

    def tag_to_id(self, tag: str | None) -> int:
        """Id of a BIO tag; ``None`` (an ignored position) gives ``IGNORE_INDEX`` (-100).

        Raises:
            LabelSchemaError: For a tag that is not in the schema, listing the labels.
        """
        if tag is None:
            return IGNORE_INDEX
        try:
            return self._label2id[tag]
        except KeyError:
            raise LabelSchemaError(
                f"tag {tag!r} is not in the label schema (labels: {', '.join(self.labels)})"
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: labels, tags, label2id and id2label (string keys)."""
        return {
            "format": SCHEMA_FORMAT,
            "labels": list(self.labels),
            "tags": list(self.tags),
            "label2id": self.label2id,
            "id2label": {str(i): tag for i, tag in self.id2label.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "label schema") -> LabelSchema:
        """Rebuild a schema from :meth:`to_dict` output, checking the stored maps agree.

        Args:
            data: The mapping; only ``labels`` is required.
            source: What the mapping came from, used in error messages.

        Raises:
            LabelSchemaError: If ``labels`` is missing or invalid, or the stored tags or maps
                disagree with the labels.
        """
        if not isinstance(data, Mapping):
            raise LabelSchemaError(f"{source}: expected a JSON object, got {type(data).__name__}")
        labels = data.get("labels")
        if not isinstance(labels, list | tuple):
            raise LabelSchemaError(f"{source}: 'labels' must be a list of label names")
        try:
            schema = cls(tuple(labels))
        except LabelSchemaError as exc:
            raise LabelSchemaError(f"{source}: {exc}") from None
        expected = schema.to_dict()
        for key in ("tags", "label2id", "id2label"):
            if key in data and _as_json(data[key]) != expected[key]:
                raise LabelSchemaError(
                    f"{source}: '{key}' does not match the tags built from 'labels' "
                    f"({', '.join(schema.labels)}); the file was edited or is corrupt"
                )
        return schema

    def save(self, folder: str | os.PathLike[str]) -> Path:
        """Atomically write ``label_schema.json`` into ``folder`` and return its path."""
        return write_json(Path(folder) / files.LABEL_SCHEMA_FILE, self.to_dict())

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> LabelSchema:
        """Read ``label_schema.json`` from ``folder`` (or the file itself).

        Raises:
            FileNotFoundError: If the file does not exist.
            FileFormatError: If it is not valid JSON or not a valid schema, naming the file.
        """
        path = Path(folder)
        if path.is_dir() or not path.suffix:
            path = path / files.LABEL_SCHEMA_FILE
        data = read_json(path)
        try:
            return cls.from_dict(data, source="label schema")
        except LabelSchemaError as exc:
            raise FileFormatError(path, str(exc).removeprefix("label schema: ")) from None


def _as_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_as_json(v) for v in value]
    return value
