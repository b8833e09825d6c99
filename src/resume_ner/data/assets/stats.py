"""Per-split dataset statistics: documents, spans per label, text lengths."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from resume_ner.data.loaders.document import Document


@dataclass(frozen=True)
class SplitStats:
    """Counts and sizes of one split: spans and documents holding a span, per label, and the
    mean and maximum characters, whitespace words and (when counted) model tokens per document.
    """

    documents: int
    spans: int
    spans_per_label: Mapping[str, int] = field(default_factory=dict)
    documents_per_label: Mapping[str, int] = field(default_factory=dict)
    chars_mean: float = 0.0
    chars_max: int = 0
    words_mean: float = 0.0
    words_max: int = 0
    tokens_mean: float | None = None
    tokens_max: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "documents": self.documents,
            "spans": self.spans,
            "spans_per_label": dict(self.spans_per_label),
            "documents_per_label": dict(self.documents_per_label),
            "chars_mean": self.chars_mean,
            "chars_max": self.chars_max,
            "words_mean": self.words_mean,
            "words_max": self.words_max,
            "tokens_mean": self.tokens_mean,
            "tokens_max": self.tokens_max,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SplitStats:
        """Rebuild from :meth:`to_dict` output.

        Raises:
            KeyError: Naming a missing required field.
            TypeError: For a field of the wrong type.
        """
        for key in ("documents", "spans"):
            if key not in data:
                raise KeyError(key)
            if not isinstance(data[key], int) or isinstance(data[key], bool):
                raise TypeError(f"{key!r} must be an integer, got {data[key]!r}")
        for key in ("spans_per_label", "documents_per_label"):
            if not isinstance(data.get(key, {}), Mapping):
                raise TypeError(f"{key!r} must be an object, got {data[key]!r}")
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def split_stats(
    documents: Sequence[Document],
    labels: Sequence[str] = (),
    token_counts: Sequence[int] | None = None,
) -> SplitStats:
    """Statistics of one split; every schema label is listed, then other labels found, sorted.

    Raises:
        ValueError: If ``token_counts`` does not have one entry per document.
    """
    spans = Counter(span.label for doc in documents for span in doc.spans)
    holders = Counter(label for doc in documents for label in doc.labels)
    order = [*labels, *sorted(set(spans) - set(labels))]
    chars = [len(doc.text) for doc in documents]
    words = [len(doc.text.split()) for doc in documents]
    tokens_mean: float | None = None
    tokens_max: int | None = None
    if token_counts is not None:
        if len(token_counts) != len(documents):
            raise ValueError(
                f"token_counts has {len(token_counts)} entries for {len(documents)} documents"
            )
        tokens_mean, tokens_max = _mean(token_counts), max(token_counts, default=0)
    return SplitStats(
        documents=len(documents),
        spans=sum(spans.values()),
        spans_per_label={label: spans.get(label, 0) for label in order},
        documents_per_label={label: holders.get(label, 0) for label in order},
        chars_mean=_mean(chars),
        chars_max=max(chars, default=0),
        words_mean=_mean(words),
        words_max=max(words, default=0),
        tokens_mean=tokens_mean,
        tokens_max=tokens_max,
    )
