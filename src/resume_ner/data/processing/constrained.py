"""BIO-constrained (Viterbi) decoding of per-token label scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
    log_probs: Sequence[Sequence[float]],
    id2label: Mapping[int, str] | Sequence[str],
    *,
    start_scores: Sequence[float] | None = None,
    transition_scores: Any = None,
    transition_kinds: Sequence[int] | None = None,
) -> list[str]:
    """Most likely tag sequence under BIO constraints (Viterbi).

    Forbidden: ``I-X`` at the start, ``O -> I-X`` and ``B-X``/``I-X -> I-Y`` for ``Y != X``.
    Raw logits work as well as log-probabilities (a per-token constant does not change the
    best path). Optional start and transition scores (a weighted transition prior, see
    ``transitions.py``) are added to the path score; the constraints still hold.

    Args:
        log_probs: ``n_tokens x n_labels`` scores; column ``j`` is label ``id2label[j]``.
        id2label: Label of each column (mapping from id or list).
        start_scores: Score of each label on the first token (``n_labels``).
        transition_scores: ``n_labels x n_labels`` score of label ``j`` after label ``i``, or
            ``k x n_labels x n_labels``: one such matrix per kind of step, chosen per token by
            ``transition_kinds``.
        transition_kinds: Per token, the matrix of the step into it (the first is unused);
            required with ``k`` matrices.

    Returns:
        One tag per row.

    Raises:
        ValueError: If the matrix is not 2-D, columns and labels disagree, a label is not BIO
            or the start/transition scores do not match the labels.
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
    first = np.where(entering, -np.inf, 0.0)
    width = len(labels)
    kinds = np.zeros(scores.shape[0], dtype=int)
    transitions = transition[None]
    if transition_scores is not None:
        given = np.asarray(transition_scores, dtype=float)
        extra = given[None] if given.ndim == 2 else given
        if extra.ndim != 3 or extra.shape[1:] != (width, width):
            raise ValueError(
                f"transition_scores must be {width} x {width} (or k x {width} x {width}), "
                f"got {given.shape}"
            )
        if given.ndim == 3:
            if transition_kinds is None:
                raise ValueError("transition_kinds is required with one matrix per kind of step")
            kinds = np.asarray(transition_kinds, dtype=int)
            valid = kinds.shape == (scores.shape[0],)
            if not valid or not 0 <= kinds.min() <= kinds.max() < len(extra):
                raise ValueError(
                    f"transition_kinds must give one of 0..{len(extra) - 1} per token "
                    f"({scores.shape[0]})"
                )
        transitions = transition[None] + extra
    if start_scores is not None:
        extra_start = np.asarray(start_scores, dtype=float)
        if extra_start.shape != (width,):
            raise ValueError(f"start_scores must have {width} values, got {extra_start.shape}")
        first = first + extra_start
    best = scores[0] + first
    columns = np.arange(len(labels))
    back = np.zeros(scores.shape, dtype=int)
    for t in range(1, scores.shape[0]):
        candidates = best[:, None] + transitions[kinds[t]]
        back[t] = candidates.argmax(axis=0)
        best = candidates[back[t], columns] + scores[t]
    path = [int(best.argmax())]
    for t in range(scores.shape[0] - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return [labels[j] for j in reversed(path)]
