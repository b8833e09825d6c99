"""The one in-memory type every loader produces: a text and its labelled character spans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A labelled character range ``text[start:end]`` (``end`` exclusive)."""

    start: int
    end: int
    label: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end}) for label {self.label!r}")

    def text_in(self, text: str) -> str:
        """The covered text."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """Whether the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Document:
    """One annotated resume.

    Attributes:
        id: Stable identifier (from the source, or derived from the text hash).
        text: The full resume text.
        spans: Labelled spans sorted by (start, end, label).
        meta: Provenance and extra fields (source file, record number, format, ...).
    """

    id: str
    text: str
    spans: tuple[Span, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", tuple(sorted(self.spans)))
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    @property
    def labels(self) -> frozenset[str]:
        """The set of labels present in this document."""
        return frozenset(span.label for span in self.spans)

    def with_spans(self, spans: tuple[Span, ...] | list[Span]) -> Document:
        """A copy with other spans."""
        return Document(self.id, self.text, tuple(spans), self.meta)

    def with_meta(self, **extra: Any) -> Document:
        """A copy with extra metadata merged in."""
        return Document(self.id, self.text, self.spans, {**self.meta, **extra})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.id, self.text, self.spans) == (other.id, other.text, other.spans)

    def __hash__(self) -> int:
        return hash((self.id, self.text, self.spans))

    def __reduce__(self) -> tuple[Any, ...]:
        # pickles (e.g. sent to the other ranks of a data-parallel job) despite the read-only meta
        return (Document, (self.id, self.text, self.spans, dict(self.meta)))

    def record(self, *, meta: bool = True) -> dict[str, Any]:
        """The native JSON record: ``{"id", "text", "annotations": [[start, end, label]]}``
        plus ``"meta"`` when ``meta`` is set."""
        record: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "annotations": [[span.start, span.end, span.label] for span in self.spans],
        }
        if meta:
            record["meta"] = dict(self.meta)
        return record
