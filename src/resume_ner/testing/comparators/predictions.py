"""Prediction diff: per-document spans only one side found (PyTorch vs ONNX, run A vs run B)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

SpanKey = tuple[int, int, str]
"""A span as ``(start, end, label)``; scores are ignored when comparing."""


def span_key(span: Any) -> SpanKey:
    """``(start, end, label)`` of a span object, mapping or tuple/list.

    Accepts anything with ``start``/``end``/``label`` attributes (``Span``, ``ScoredSpan``,
    ``Entity``), a mapping with those keys, or ``(start, end, label[, ...])``.

    Raises:
        TypeError: For anything else, naming the value.
    """
    if isinstance(span, Mapping):
        return int(span["start"]), int(span["end"]), str(span["label"])
    if isinstance(span, tuple | list) and len(span) >= 3:
        return int(span[0]), int(span[1]), str(span[2])
    if all(hasattr(span, name) for name in ("start", "end", "label")):
        return int(span.start), int(span.end), str(span.label)
    raise TypeError(f"not a span: {span!r} (expected start, end and label)")


@dataclass(frozen=True)
class DocumentDiff:
    """Spans of one document found by only one side.

    Attributes:
        doc: Document id (or index).
        missing: Spans of A that B lacks.
        extra: Spans of B that A lacks.
        common: Number of spans both found.
    """

    doc: str
    missing: tuple[SpanKey, ...]
    extra: tuple[SpanKey, ...]
    common: int

    @property
    def identical(self) -> bool:
        """Whether both sides found the same spans."""
        return not self.missing and not self.extra


@dataclass(frozen=True)
class PredictionDiff:
    """Span predictions of side B compared with side A, document by document."""

    documents: tuple[DocumentDiff, ...]
    names: tuple[str, str] = ("A", "B")

    @property
    def identical(self) -> bool:
        """Whether every document has the same spans on both sides."""
        return all(doc.identical for doc in self.documents)

    @property
    def differing(self) -> list[DocumentDiff]:
        """The documents whose spans differ."""
        return [doc for doc in self.documents if not doc.identical]

    @property
    def agreement(self) -> float:
        """Fraction of documents with identical spans (1.0 for no documents)."""
        if not self.documents:
            return 1.0
        return 1 - len(self.differing) / len(self.documents)

    @property
    def span_f1(self) -> float:
        """F1 of B's spans against A's as reference (1.0 when both are empty)."""
        common = sum(doc.common for doc in self.documents)
        in_a = common + sum(len(doc.missing) for doc in self.documents)
        in_b = common + sum(len(doc.extra) for doc in self.documents)
        if in_a + in_b == 0:
            return 1.0
        return 2 * common / (in_a + in_b)

    def as_rows(self) -> list[dict[str, Any]]:
        """One plain row per differing span: doc, side that has it, start, end, label."""
        rows = []
        for doc in self.differing:
            for side, spans in ((self.names[0], doc.missing), (self.names[1], doc.extra)):
                for start, end, label in spans:
                    rows.append(
                        {
                            "doc": doc.doc,
                            "only_in": side,
                            "start": start,
                            "end": end,
                            "label": label,
                        }
                    )
        return rows

    def table(self, texts: Sequence[str] | None = None, title: str | None = None) -> Table:
        """A rich table of the differing spans (with their text when ``texts`` is given)."""
        from rich.table import Table

        table = Table(
            title=title or f"Spans found by only one of {self.names[0]} / {self.names[1]}"
        )
        for column in ("doc", "only in", "label", "span", "text"):
            table.add_column(column)
        index = {doc.doc: i for i, doc in enumerate(self.documents)}
        for row in self.as_rows():
            text = ""
            if texts is not None:
                text = texts[index[row["doc"]]][row["start"] : row["end"]]
            table.add_row(
                row["doc"],
                row["only_in"],
                row["label"],
                f"[{row['start']}, {row['end']})",
                repr(text) if text else "",
            )
        return table


def _keys(spans: Iterable[Any]) -> set[SpanKey]:
    return {span_key(span) for span in spans}


def diff_predictions(
    a: Sequence[Iterable[Any]],
    b: Sequence[Iterable[Any]],
    doc_ids: Sequence[str] | None = None,
    names: tuple[str, str] = ("A", "B"),
) -> PredictionDiff:
    """Compare two lists of per-document span lists.

    Args:
        a: Spans per document of the reference side.
        b: Spans per document of the other side, same documents in the same order.
        doc_ids: Document ids (default: the position as text).
        names: Display names of the two sides.

    Raises:
        ValueError: If the sides (or ids) cover different numbers of documents.
    """
    if len(a) != len(b):
        raise ValueError(f"{names[0]} has {len(a)} documents, {names[1]} has {len(b)}")
    ids = [str(i) for i in range(len(a))] if doc_ids is None else [str(i) for i in doc_ids]
    if len(ids) != len(a):
        raise ValueError(f"{len(ids)} document ids for {len(a)} documents")
    documents = []
    for doc_id, spans_a, spans_b in zip(ids, a, b, strict=True):
        keys_a, keys_b = _keys(spans_a), _keys(spans_b)
        documents.append(
            DocumentDiff(
                doc_id,
                tuple(sorted(keys_a - keys_b)),
                tuple(sorted(keys_b - keys_a)),
                len(keys_a & keys_b),
            )
        )
    return PredictionDiff(tuple(documents), names)
