"""Merge per-window token predictions of a document back into one prediction per token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from resume_ner.data.processing.alignment import Offset
from resume_ner.data.processing.windows import Window

T = TypeVar("T")


@dataclass(frozen=True)
class MergedTokens(Generic[T]):
    """Per content token of one document: offsets, word id and the chosen prediction."""

    doc_id: str
    offsets: tuple[Offset, ...]
    word_ids: tuple[int | None, ...]
    labels: tuple[T, ...]


def merge_window_predictions(
    windows: Sequence[Window], predictions: Sequence[Sequence[T]]
) -> MergedTokens[T]:
    """Merge per-window token predictions of one document into one prediction per token.

    Each document token takes the prediction of the window where it lies farthest from an
    edge: the largest ``min(position - window_start, window_end - 1 - position)``; ties go to
    the earlier window.

    Args:
        windows: The windows of one document (any order).
        predictions: Per window, one prediction per input position (special tokens included,
            aligned with ``window.input_ids``; longer padded rows are cut).

    Raises:
        ValueError: If windows mix documents, rows are missing or short, or a token is in no
            window.
    """
    if not windows:
        raise ValueError("no windows to merge")
    doc_ids = sorted({window.doc_id for window in windows})
    if len(doc_ids) > 1:
        raise ValueError(f"windows of several documents cannot be merged: {doc_ids}")
    if len(predictions) != len(windows):
        raise ValueError(f"{len(predictions)} predictions rows for {len(windows)} windows")
    for position, (window, row) in enumerate(zip(windows, predictions, strict=True)):
        if len(row) < len(window):
            raise ValueError(
                f"window {position} (index {window.index} of {window.doc_id!r}) has "
                f"{len(window)} positions but {len(row)} predictions"
            )
    n_tokens = max(window.token_end for window in windows)
    best = [-1] * n_tokens
    chosen: list[tuple[int, int]] = [(-1, -1)] * n_tokens
    order = sorted(range(len(windows)), key=lambda k: (windows[k].token_start, windows[k].index))
    for k in order:
        window = windows[k]
        width = window.token_end - window.token_start
        for p in range(width):
            distance = min(p, width - 1 - p)
            token = window.token_start + p
            if distance > best[token]:
                best[token], chosen[token] = distance, (k, window.content_start + p)
    missing = [t for t, (k, _) in enumerate(chosen) if k < 0]
    if missing:
        raise ValueError(f"tokens {missing[:5]} of document {doc_ids[0]!r} are in no window")
    return MergedTokens(
        doc_id=doc_ids[0],
        offsets=tuple(windows[k].offsets[p] for k, p in chosen),
        word_ids=tuple(windows[k].word_ids[p] for k, p in chosen),
        labels=tuple(predictions[k][p] for k, p in chosen),
    )
