"""Torch dataset over tokenised BIO windows and a collator that pads each batch dynamically."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import torch
from torch.utils.data import Dataset

from resume_ner.data.datasets.schema import IGNORE_INDEX, LabelSchema, LabelSchemaError


class WindowLike(Protocol):
    """What the dataset needs of a window (``data.processing.windows.Window`` has it)."""

    @property
    def input_ids(self) -> Sequence[int]: ...

    @property
    def attention_mask(self) -> Sequence[int]: ...

    @property
    def tags(self) -> Sequence[str | None]: ...


def _where(window: Any, position: int) -> str:
    doc_id = getattr(window, "doc_id", None)
    index = getattr(window, "index", None)
    if doc_id is None:
        return f"window {position}"
    return f"window {position} (document {doc_id!r}, window {index})"


class WindowDataset(Dataset[dict[str, torch.Tensor]]):
    """Windows as model inputs: ``input_ids``, ``attention_mask``, ``labels`` (and optionally
    ``token_type_ids``), each a 1-D ``torch.long`` tensor.

    Tags become ids through the schema; ignored positions (tag ``None``) get -100.

    Args:
        windows: Tokenised windows with ``input_ids``, ``attention_mask`` and ``tags``.
        schema: The label schema that maps tags to ids.
        token_type_ids: Also return all-zero ``token_type_ids`` (for BERT-style backbones).

    Raises:
        ValueError: If a window's fields differ in length or a tag is not in the schema,
            naming the window (and its document when known).
    """

    def __init__(
        self, windows: Sequence[WindowLike], schema: LabelSchema, token_type_ids: bool = False
    ) -> None:
        self.schema = schema
        self.token_type_ids = token_type_ids
        self._items: list[tuple[list[int], list[int], list[int]]] = []
        for position, window in enumerate(windows):
            ids, mask, tags = list(window.input_ids), list(window.attention_mask), window.tags
            if not len(ids) == len(mask) == len(tags):
                raise ValueError(
                    f"{_where(window, position)}: input_ids ({len(ids)}), attention_mask "
                    f"({len(mask)}) and tags ({len(tags)}) must have the same length"
                )
            try:
                labels = [schema.tag_to_id(tag) for tag in tags]
            except LabelSchemaError as exc:
                raise ValueError(f"{_where(window, position)}: {exc}") from None
            self._items.append((ids, mask, labels))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        ids, mask, labels = self._items[index]
        item = {
            "input_ids": torch.tensor(ids, dtype=torch.long),
            "attention_mask": torch.tensor(mask, dtype=torch.long),
            "labels": torch.tensor(labels, dtype=torch.long),
        }
        if self.token_type_ids:
            item["token_type_ids"] = torch.zeros(len(ids), dtype=torch.long)
        return item

    @property
    def lengths(self) -> list[int]:
        """Tokens per window (for :class:`LengthGroupedBatchSampler`)."""
        return [len(ids) for ids, _, _ in self._items]


@dataclass(frozen=True)
class PaddingCollator:
    """Pad a batch to its longest item (optionally rounded up to a multiple).

    ``input_ids`` are padded with ``pad_token_id``, ``labels`` with -100, ``attention_mask`` and
    ``token_type_ids`` with 0; padding goes on the right.

    Attributes:
        pad_token_id: The tokenizer's padding id.
        pad_to_multiple_of: Round the padded length up to a multiple of this (e.g. 8 for tensor
            cores); ``None`` pads to the longest item exactly.
        label_pad_id: Label id of padded positions.
    """

    pad_token_id: int = 0
    pad_to_multiple_of: int | None = None
    label_pad_id: int = IGNORE_INDEX

    def __post_init__(self) -> None:
        if self.pad_to_multiple_of is not None and self.pad_to_multiple_of < 1:
            raise ValueError(f"pad_to_multiple_of must be >= 1, got {self.pad_to_multiple_of}")

    def _pad_value(self, key: str) -> int:
        values = {
            "input_ids": self.pad_token_id,
            "labels": self.label_pad_id,
            "attention_mask": 0,
            "token_type_ids": 0,
        }
        if key not in values:
            raise ValueError(f"cannot pad feature {key!r}; known: {', '.join(sorted(values))}")
        return values[key]

    def __call__(self, features: Sequence[Mapping[str, Any]]) -> dict[str, torch.Tensor]:
        """Stack ``features`` into ``(batch, length)`` long tensors.

        Raises:
            ValueError: For an empty batch, items with different keys, or an unknown key.
        """
        if not features:
            raise ValueError("cannot collate an empty batch")
        keys = list(features[0])
        for position, feature in enumerate(features):
            if sorted(feature) != sorted(keys):
                raise ValueError(
                    f"batch item {position} has keys {sorted(feature)}, item 0 has {sorted(keys)}"
                )
        longest = max(len(feature[key]) for feature in features for key in keys)
        if self.pad_to_multiple_of:
            longest = math.ceil(longest / self.pad_to_multiple_of) * self.pad_to_multiple_of
        batch = {}
        for key in keys:
            out = torch.full((len(features), longest), self._pad_value(key), dtype=torch.long)
            for row, feature in enumerate(features):
                values = torch.as_tensor(feature[key], dtype=torch.long)
                out[row, : values.shape[0]] = values
            batch[key] = out
        return batch
