"""Score any Predictor on annotated documents: strict span P/R/F1 per label and seqeval F1."""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.deployment.inference.types import Predictor
from resume_ner.training.core.metrics import Score, SpanMetrics, seqeval_scores, span_metrics

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class PredictorEvaluation:
    """Scores of a predictor on documents: strict character-span micro and per-label scores,
    entity-level ``seqeval_precision``/``_recall``/``_f1`` on word BIO tags, and the wall time."""

    documents: int
    spans: SpanMetrics
    seqeval: dict[str, float]
    seconds: float
    characters: int

    @property
    def docs_per_second(self) -> float:
        """Documents predicted per second (0 when nothing was timed)."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: micro and per-label scores with counts, seqeval, speed."""
        return {
            "documents": self.documents,
            "characters": self.characters,
            "seconds": round(self.seconds, 4),
            "docs_per_second": round(self.docs_per_second, 3),
            "micro": score_dict(self.spans.micro),
            "per_label": {
                label: score_dict(s) for label, s in sorted(self.spans.per_label.items())
            },
            **self.seqeval,
        }


def score_dict(score: Score) -> dict[str, float | int]:
    """Precision, recall, F1 and the counts behind them."""
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "true_positives": score.true_positives,
        "predicted": score.predicted,
        "gold": score.gold,
    }


def word_tags(text: str, spans: Iterable[Span]) -> list[str]:
    """BIO tag of every whitespace-separated word of ``text``.

    A word overlapping a span takes ``B-<label>`` when it is the span's first such word and
    ``I-<label>`` after it; other words take ``O``. Spans are assumed not to overlap.
    """
    words = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    tags = ["O"] * len(words)
    starts = [start for start, _ in words]
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        first = True
        index = _first_word_ending_after(words, starts, span.start)
        while index < len(words) and words[index][0] < span.end:
            tags[index] = f"{'B' if first else 'I'}-{span.label}"
            first = False
            index += 1
    return tags


def _first_word_ending_after(
    words: Sequence[tuple[int, int]], starts: Sequence[int], position: int
) -> int:
    """Index of the first word whose end lies after ``position`` (binary search on starts)."""
    index = max(bisect.bisect_right(starts, position) - 1, 0)
    while index < len(words) and words[index][1] <= position:
        index += 1
    return index


def evaluate_predictor(
    predictor: Predictor,
    documents: Sequence[Document],
    *,
    chunk_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
) -> PredictorEvaluation:
    """Predict every document, ``chunk_size`` per call, and score them against the gold spans.

    Every label of the model is reported; ``progress`` gets ``(done, total)`` after each call.

    Raises:
        ValueError: If there is no document or ``chunk_size`` is below 1.
    """
    if not documents:
        raise ValueError("no documents to evaluate")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    predicted: list[list[Span]] = []
    seconds = 0.0
    for first in range(0, len(documents), chunk_size):
        chunk = documents[first : first + chunk_size]
        start = time.perf_counter()
        entities = predictor.predict([document.text for document in chunk])
        seconds += time.perf_counter() - start
        if len(entities) != len(chunk):
            raise ValueError(f"the predictor returned {len(entities)} results for {len(chunk)}")
        predicted.extend([Span(e.start, e.end, e.label) for e in doc] for doc in entities)
        if progress is not None:
            progress(len(predicted), len(documents))
    gold = [list(document.spans) for document in documents]
    spans = span_metrics(gold, predicted, predictor.info.labels)
    seqeval = seqeval_scores(
        [word_tags(d.text, g) for d, g in zip(documents, gold, strict=True)],
        [word_tags(d.text, p) for d, p in zip(documents, predicted, strict=True)],
    )
    return PredictorEvaluation(
        documents=len(documents),
        spans=spans,
        seqeval=seqeval,
        seconds=seconds,
        characters=sum(len(document.text) for document in documents),
    )
