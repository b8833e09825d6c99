"""Documents -> windows -> model inputs: token ids, attention mask, shape ids and label ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from resume_ner.data.datasets.schema import IGNORE_INDEX, LabelSchema, LabelSchemaError
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.windows import Window, encode_documents
from resume_ner.training.core.shapes import PAD_SHAPE_ID, ShapeIndex, shape_ids

if TYPE_CHECKING:
    import torch

    from resume_ner.data.processing.windows import Tokenizer

FEATURE_KEYS = ("input_ids", "attention_mask", "shape_ids", "labels")
"""Keys of a collated batch, in the order of :func:`to_tensor` rows."""

__all__ = [
    "FEATURE_KEYS",
    "EncodedSet",
    "Features",
    "check_labels",
    "collate",
    "collate_tensors",
    "encode_set",
    "shape_ids",
    "to_tensor",
]


@dataclass(frozen=True)
class Features:
    """Model inputs of one window (lists of ints of equal length).

    Attributes:
        input_ids: Token ids, special tokens included.
        attention_mask: 1 per real position.
        shape_ids: Word-shape id per position (``PAD_SHAPE_ID`` for special tokens).
        labels: Tag id per position, -100 where the loss ignores it.
    """

    input_ids: tuple[int, ...]
    attention_mask: tuple[int, ...]
    shape_ids: tuple[int, ...]
    labels: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.input_ids)


@dataclass(frozen=True)
class EncodedSet:
    """Documents cut into windows, with the model inputs of every window.

    Attributes:
        documents: The documents, in input order.
        windows: All windows, document after document.
        features: Model inputs, aligned with ``windows``.
        owners: Index into ``documents`` of each window's document.
    """

    documents: tuple[Document, ...]
    windows: tuple[Window, ...]
    features: tuple[Features, ...]
    owners: tuple[int, ...]

    def windows_by_document(self) -> list[list[int]]:
        """Per document, the indices (into ``windows``) of its windows."""
        groups: list[list[int]] = [[] for _ in self.documents]
        for index, owner in enumerate(self.owners):
            groups[owner].append(index)
        return groups

    @property
    def lengths(self) -> list[int]:
        """Tokens per window."""
        return [len(feature) for feature in self.features]


def check_labels(documents: Sequence[Document], schema: LabelSchema, split: str) -> None:
    """Raise when a document has a span label the schema does not know.

    Raises:
        LabelSchemaError: ``"training split: document 'd3' has label 'HOBBY', which is not in
            the label schema (labels: ...)"``.
    """
    known = set(schema.labels)
    for document in documents:
        unknown = sorted(document.labels - known)
        if unknown:
            raise LabelSchemaError(
                f"{split} split: document {document.id!r} has label {unknown[0]!r}, which is not "
                f"in the label schema (labels: {', '.join(schema.labels)}); map it with "
                "data.label_map or set data.unknown_labels=drop"
            )


def window_features(window: Window, shapes: ShapeIndex, schema: LabelSchema) -> Features:
    """Model inputs of one window; ``shapes`` indexes the text of the window's document."""
    return Features(
        input_ids=tuple(window.input_ids),
        attention_mask=tuple(window.attention_mask),
        shape_ids=tuple(shapes.ids(window.offsets)),
        labels=tuple(schema.tag_to_id(tag) for tag in window.tags),
    )


def encode_set(
    tokenizer: Tokenizer,
    documents: Sequence[Document],
    schema: LabelSchema,
    *,
    max_length: int,
    stride: int,
    label_all_subtokens: bool = False,
) -> EncodedSet:
    """Cut documents into windows and build every window's model inputs.

    Args:
        tokenizer: The backbone's fast tokenizer.
        documents: Documents (their spans become labels; spans may be empty for inference).
        schema: The label schema.
        max_length: Tokens per window, special tokens included.
        stride: Tokens shared by consecutive windows.
        label_all_subtokens: Label every sub-token instead of each word's first.
    """
    per_document = encode_documents(
        tokenizer, documents, max_length, stride, label_all_subtokens=label_all_subtokens
    )
    windows: list[Window] = []
    features: list[Features] = []
    owners: list[int] = []
    for owner, (document, doc_windows) in enumerate(zip(documents, per_document, strict=True)):
        shapes = ShapeIndex(document.text)
        for window in doc_windows:
            windows.append(window)
            features.append(window_features(window, shapes, schema))
            owners.append(owner)
    return EncodedSet(tuple(documents), tuple(windows), tuple(features), tuple(owners))


def to_tensor(feature: Features) -> torch.Tensor:
    """One window's inputs as a ``4 x length`` int64 tensor (ids, mask, shapes, labels)."""
    import torch

    return torch.tensor(
        [feature.input_ids, feature.attention_mask, feature.shape_ids, feature.labels],
        dtype=torch.long,
    )


def collate_tensors(rows: Sequence[torch.Tensor], pad_token_id: int) -> dict[str, torch.Tensor]:
    """Pad :func:`to_tensor` rows on the right to the longest one.

    Returns:
        ``input_ids`` (padded with ``pad_token_id``), ``attention_mask`` (0), ``shape_ids``
        (``PAD_SHAPE_ID``) and ``labels`` (-100), each a ``batch x length`` int64 tensor.
    """
    import torch

    if not rows:
        raise ValueError("cannot collate an empty batch")
    longest = max(int(row.shape[1]) for row in rows)
    pads = torch.tensor([pad_token_id, 0, PAD_SHAPE_ID, IGNORE_INDEX], dtype=torch.long)
    out = pads.view(4, 1, 1).repeat(1, len(rows), longest)
    for i, row in enumerate(rows):
        out[:, i, : row.shape[1]] = row
    return dict(zip(FEATURE_KEYS, out.unbind(0), strict=True))


def collate(features: Sequence[Features], pad_token_id: int) -> dict[str, torch.Tensor]:
    """Pad a batch of windows on the right to its longest (see :func:`collate_tensors`)."""
    return collate_tensors([to_tensor(feature) for feature in features], pad_token_id)
