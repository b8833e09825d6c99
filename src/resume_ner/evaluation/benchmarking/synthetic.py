"""Synthetic windows of an exact shape: real-looking token ids, full attention, shape ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.training.core.shapes import NUM_SHAPE_IDS, PAD_SHAPE_ID

if TYPE_CHECKING:
    import numpy as np

WindowBatch = dict[str, "np.ndarray"]
"""``input_ids``, ``attention_mask`` and ``shape_ids``: int64 arrays of ``batch x length``."""

MIN_WINDOW = 2
"""The shortest window: ``[CLS]`` and ``[SEP]``."""


@dataclass(frozen=True)
class Vocabulary:
    """What synthetic token ids are drawn from: ``size`` ids, ``cls_id`` first and ``sep_id``
    last in every window, ``special_ids`` never drawn for content positions."""

    size: int
    cls_id: int
    sep_id: int
    special_ids: frozenset[int]

    @classmethod
    def of_tokenizer(cls, tokenizer: Any) -> Vocabulary:
        """The vocabulary of a Hugging Face tokenizer (``[CLS]``/``[SEP]`` or ``<s>``/``</s>``).

        Raises:
            ValueError: If the tokenizer has no classification or separator token.
        """
        cls_id = tokenizer.cls_token_id
        sep_id = tokenizer.sep_token_id
        if cls_id is None or sep_id is None:
            raise ValueError(
                f"tokenizer {type(tokenizer).__name__} has no cls/sep token; synthetic windows "
                "need both"
            )
        special: Iterable[int] = tokenizer.all_special_ids
        return cls(len(tokenizer), int(cls_id), int(sep_id), frozenset(int(i) for i in special))


def synthetic_windows(
    vocabulary: Vocabulary, batch_size: int, length: int, seed: int = 0
) -> WindowBatch:
    """A batch of ``batch_size`` full windows of exactly ``length`` tokens (no padding).

    Each window is ``[CLS] content... [SEP]`` with content ids drawn uniformly from the
    non-special vocabulary and word-shape ids drawn from the non-padding shapes (padding
    shape on the special tokens), so every position does real work.

    Raises:
        ValueError: If ``batch_size < 1``, ``length < 2`` or the vocabulary has no
            non-special id.
    """
    import numpy as np

    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    if length < MIN_WINDOW:
        raise ValueError(
            f"window length must be at least {MIN_WINDOW} ([CLS] and [SEP]), got {length}"
        )
    content_ids = np.array(
        [i for i in range(vocabulary.size) if i not in vocabulary.special_ids], dtype=np.int64
    )
    if content_ids.size == 0:
        raise ValueError("the vocabulary has only special tokens")
    rng = np.random.default_rng(seed)
    input_ids = rng.choice(content_ids, size=(batch_size, length))
    input_ids[:, 0] = vocabulary.cls_id
    input_ids[:, -1] = vocabulary.sep_id
    shape_ids = rng.integers(PAD_SHAPE_ID + 1, NUM_SHAPE_IDS, size=(batch_size, length))
    shape_ids[:, 0] = shape_ids[:, -1] = PAD_SHAPE_ID
    return {
        "input_ids": input_ids.astype(np.int64),
        "attention_mask": np.ones((batch_size, length), dtype=np.int64),
        "shape_ids": shape_ids.astype(np.int64),
    }
