"""BIO-constrained (Viterbi) decoding of per-token label scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from resume_ner.data.processing.alignment import split_tag


def _label_list(id2label: Mapping[int, str] | Sequence[str], width: int) -> list[str]:
    problem = f"id2label has {len(id2label)} labels for {width} score columns"
    if len(id2label) != width:
        raise ValueError(problem)
    try:
        labels = [id2label[i] for i in range(width)]
    except (KeyError, IndexError):
        raise ValueError(f"{problem} (ids must be 0..{width - 1})") from None
    for label in labels:
        split_tag(label)
    return labels


def constrained_decode(
    log_probs: Sequence[Sequence[float]], id2label: Mapping[int, str] | Sequence[str]
) -> list[str]:
    """Most likely tag sequence under BIO constraints (Viterbi).

    Forbidden: ``I-X`` at the start, ``O -> I-X`` and ``B-X``/``I-X -> I-Y`` for ``Y != X``.
    Raw logits work as well as log-probabilities (a per-token constant does not change the
    best path).

    Args:
        log_probs: ``n_tokens x n_labels`` scores; column ``j`` is label ``id2label[j]``.
        id2label: Label of each column (mapping from id or list).

    Returns:
        One tag per row.

    Raises:
        ValueError: If the matrix is not 2-D, columns and labels disagree or a label is not BIO.
    """
    import numpy as np

    scores = np.asarray(log_probs, dtype=float)
    if scores.size == 0:
        return []
    if scores.ndim != 2:
        raise ValueError(f"log_probs must be n_tokens x n_labels, got shape {scores.shape}")
    labels = _label_list(id2label, scores.shape[1])
    scores = np.maximum(np.nan_to_num(scores, nan=-1e30), -1e30)
    parts = [split_tag(label) for label in labels]
    entering = np.array([prefix == "I" for prefix, _ in parts])
    allowed = np.array(
        [
            [not entering[j] or parts[i][1] == parts[j][1] for j in range(len(parts))]
            for i in range(len(parts))
        ]
    )
    transition = np.where(allowed, 0.0, -np.inf)
    best = scores[0] + np.where(entering, -np.inf, 0.0)
    columns = np.arange(len(labels))
    back = np.zeros(scores.shape, dtype=int)
    for t in range(1, scores.shape[0]):
        candidates = best[:, None] + transition
        back[t] = candidates.argmax(axis=0)
        best = candidates[back[t], columns] + scores[t]
    path = [int(best.argmax())]
    for t in range(scores.shape[0] - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return [labels[j] for j in reversed(path)]
