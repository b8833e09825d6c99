"""Strict character-span precision/recall/F1, seqeval entity F1 and token accuracy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from resume_ner.data.loaders.document import Span

_Key = tuple[int, int, str]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one label (or all, micro-averaged).

    Attributes:
        true_positives: Predicted spans matching a gold span exactly (start, end, label).
        predicted: Predicted spans.
        gold: Gold spans (the support).
    """

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """``tp / predicted`` (0 when nothing was predicted)."""
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """``tp / gold`` (0 when there is no gold span)."""
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class SpanMetrics:
    """Micro and per-label strict span scores over a set of documents."""

    micro: Score
    per_label: dict[str, Score] = field(default_factory=dict)

    def as_dict(self, prefix: str = "span_") -> dict[str, float]:
        """Flat numbers: ``span_precision``, ``span_recall``, ``span_f1``, ``span_f1/<LABEL>``."""
        result = {
            f"{prefix}precision": self.micro.precision,
            f"{prefix}recall": self.micro.recall,
            f"{prefix}f1": self.micro.f1,
        }
        for label, score in sorted(self.per_label.items()):
            result[f"{prefix}f1/{label}"] = score.f1
        return result


def _keys(spans: Iterable[Span | tuple[int, int, str]]) -> set[_Key]:
    keys = set()
    for span in spans:
        if isinstance(span, tuple):
            keys.add((int(span[0]), int(span[1]), str(span[2])))
        else:
            keys.add((span.start, span.end, span.label))
    return keys


def span_metrics(
    gold: Sequence[Iterable[Span]],
    predicted: Sequence[Iterable[Span]],
    labels: Iterable[str] = (),
) -> SpanMetrics:
    """Strict span scores: a predicted span counts only when start, end and label all match a
    gold span of the same document. Duplicate spans within a document count once.

    Args:
        gold: Gold spans per document (any object with ``start``, ``end``, ``label``).
        predicted: Predicted spans per document, aligned with ``gold``.
        labels: Labels always reported per label (even with no gold or predicted span).

    Raises:
        ValueError: If ``gold`` and ``predicted`` have different lengths.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted")
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_keys, pred_keys = _keys(gold_spans), _keys(pred_spans)
        n_gold.update(key[2] for key in gold_keys)
        n_pred.update(key[2] for key in pred_keys)
        tp.update(key[2] for key in gold_keys & pred_keys)
    all_labels = sorted(set(labels) | set(n_gold) | set(n_pred))
    per_label = {label: Score(tp[label], n_pred[label], n_gold[label]) for label in all_labels}
    micro = Score(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return SpanMetrics(micro, per_label)


def seqeval_scores(
    gold_tags: Sequence[Sequence[str]], predicted_tags: Sequence[Sequence[str]]
) -> dict[str, float]:
    """Entity-level micro precision, recall and F1 of BIO sequences, computed by seqeval.

    Returns:
        ``{"seqeval_precision": ..., "seqeval_recall": ..., "seqeval_f1": ...}``.

    Raises:
        ValueError: If the sequences differ in number or length.
    """
    from seqeval.metrics import f1_score, precision_score, recall_score

    if len(gold_tags) != len(predicted_tags):
        raise ValueError(f"{len(gold_tags)} gold sequences but {len(predicted_tags)} predicted")
    for i, (g, p) in enumerate(zip(gold_tags, predicted_tags, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sequence {i}: {len(g)} gold tags but {len(p)} predicted")
    y_true = [list(seq) for seq in gold_tags]
    y_pred = [list(seq) for seq in predicted_tags]
    if not any(y_true) and not any(y_pred):
        return {"seqeval_precision": 0.0, "seqeval_recall": 0.0, "seqeval_f1": 0.0}
    return {
        "seqeval_precision": float(precision_score(y_true, y_pred, zero_division=0)),
        "seqeval_recall": float(recall_score(y_true, y_pred, zero_division=0)),
        "seqeval_f1": float(f1_score(y_true, y_pred, zero_division=0)),
    }


def token_accuracy(
    gold_tags: Sequence[Sequence[str | None]], predicted_tags: Sequence[Sequence[str | None]]
) -> float:
    """Share of positions whose predicted tag equals the gold tag; ``None`` gold is skipped.

    Returns 0.0 when there is no position to score.
    """
    correct = total = 0
    for gold_seq, pred_seq in zip(gold_tags, predicted_tags, strict=True):
        for gold_tag, pred_tag in zip(gold_seq, pred_seq, strict=True):
            if gold_tag is None:
                continue
            total += 1
            correct += gold_tag == pred_tag
    return correct / total if total else 0.0
