"""Sliding token windows over long documents, labelled with BIO tags, for training and inference."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.alignment import Offset, encode_spans

logger = logging.getLogger(__name__)

_NO_OFFSET: Offset = (0, 0)
_Frame = tuple[tuple[int, ...], tuple[int, ...]]


class Tokenizer(Protocol):
    """What windowing, features and decoding need of a tokenizer: a fast (offset-giving) call.

    Met by transformers' fast tokenizers and by the serving ``RustTokenizer``.
    """

    @property
    def is_fast(self) -> bool:
        """True for tokenizers that return character offsets."""

    @property
    def pad_token_id(self) -> int | None:
        """The padding id."""

    def __call__(
        self,
        texts: Any,
        /,
        *,
        add_special_tokens: bool = True,
        return_offsets_mapping: bool = False,
        return_special_tokens_mask: bool = False,
        truncation: bool = False,
        padding: bool = False,
        verbose: bool = True,
    ) -> Any:
        """Encode ``texts``: ids, and offsets and special-token masks when asked."""


@dataclass(frozen=True)
class Window:
    """One model input cut from a document.

    Attributes:
        doc_id: Id of the document the window comes from.
        index: Position of the window within its document (0-based).
        token_start: First content token (index into the whole-document tokenization).
        token_end: One past the last content token.
        input_ids: Token ids with the tokenizer's special tokens around the content.
        attention_mask: 1 per input position.
        offsets: Document-relative ``(start, end)`` per position; ``(0, 0)`` for specials.
        word_ids: Document-level word index per position; ``None`` for specials.
        tags: BIO tag per position (``None`` for specials and ignored sub-tokens); a window
            starting inside an entity begins with the entity's ``I-`` tag.
        content_start: Position in ``input_ids`` of the first content token.
    """

    doc_id: str
    index: int
    token_start: int
    token_end: int
    input_ids: tuple[int, ...]
    attention_mask: tuple[int, ...]
    offsets: tuple[Offset, ...]
    word_ids: tuple[int | None, ...]
    tags: tuple[str | None, ...]
    content_start: int

    def __len__(self) -> int:
        return len(self.input_ids)


def plan_windows(n_tokens: int, max_tokens: int, stride: int) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` covering ``n_tokens`` content tokens.

    Windows hold at most ``max_tokens`` tokens (special tokens excluded) and start every
    ``max_tokens - stride`` tokens, so consecutive windows share exactly ``stride`` tokens;
    the last window ends at ``n_tokens`` (it may be shorter). A document of at most
    ``max_tokens`` tokens (an empty one included) is one window. The caller checks
    ``0 <= stride < max_tokens / 2``.
    """
    windows = [(0, min(max_tokens, n_tokens))]
    while windows[-1][1] < n_tokens:
        start = windows[-1][0] + max_tokens - stride
        windows.append((start, min(start + max_tokens, n_tokens)))
    return windows


def _check(tokenizer: Tokenizer, max_length: int, stride: int) -> _Frame:
    """Validate the settings; returns the special token ids put before and after a sequence."""
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError(
            f"{type(tokenizer).__name__} is not a fast tokenizer; windows need character "
            "offsets (return_offsets_mapping), so load it with use_fast=True"
        )
    model_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(model_max, int) and max_length > model_max:
        raise ValueError(
            f"max_length={max_length} exceeds the tokenizer's model_max_length={model_max}"
        )
    encoded = tokenizer("x", add_special_tokens=True, return_special_tokens_mask=True)
    ids, mask = encoded["input_ids"], encoded["special_tokens_mask"]
    tokens = [i for i, special in enumerate(mask) if not special]
    if not tokens:
        raise ValueError(f"{type(tokenizer).__name__} produced no content token for 'x'")
    prefix, suffix = tuple(ids[: tokens[0]]), tuple(ids[tokens[-1] + 1 :])
    n_special = len(prefix) + len(suffix)
    content = max_length - n_special
    if content < 1:
        raise ValueError(f"max_length={max_length} leaves no room after {n_special} special tokens")
    if stride < 0 or 2 * stride >= content:
        raise ValueError(
            f"stride={stride} must be at least 0 and less than half the window content: "
            f"max_length={max_length} minus {n_special} special tokens leaves {content} tokens, "
            f"so stride must be at most {(content - 1) // 2}"
        )
    return prefix, suffix


def _document_windows(
    document: Document,
    encoding: tuple[list[int], list[Offset], list[int | None]],
    frame: _Frame,
    *,
    content: int,
    stride: int,
    label_all_subtokens: bool,
) -> list[Window]:
    ids, offsets, word_ids = encoding
    prefix, suffix = frame
    tags = encode_spans(document.spans, offsets, word_ids, label_all_subtokens)
    head_offsets, tail_offsets = (_NO_OFFSET,) * len(prefix), (_NO_OFFSET,) * len(suffix)
    head_none, tail_none = (None,) * len(prefix), (None,) * len(suffix)
    windows = []
    for index, (start, end) in enumerate(plan_windows(len(ids), content, stride)):
        input_ids = (*prefix, *ids[start:end], *suffix)
        windows.append(
            Window(
                doc_id=document.id,
                index=index,
                token_start=start,
                token_end=end,
                input_ids=input_ids,
                attention_mask=(1,) * len(input_ids),
                offsets=(*head_offsets, *offsets[start:end], *tail_offsets),
                word_ids=(*head_none, *word_ids[start:end], *tail_none),
                tags=(*head_none, *tags[start:end], *tail_none),
                content_start=len(prefix),
            )
        )
    return windows


def encode_documents(
    tokenizer: Tokenizer,
    documents: Sequence[Document],
    max_length: int,
    stride: int,
    *,
    label_all_subtokens: bool = False,
    batch_size: int = 256,
) -> list[list[Window]]:
    """Cut documents into labelled windows, tokenizing their texts in batches.

    Each text is tokenized whole (no truncation, no special tokens) once; windows then take
    ``max_length - <special tokens>`` content tokens each, sharing ``stride`` tokens with the
    next window, and get the tokenizer's special tokens around them. Every content token of
    every document lands in at least one window.

    Raises:
        ValueError: If the tokenizer is not fast, ``max_length`` exceeds its
            ``model_max_length`` or leaves no content room, or the stride is too large.
    """
    frame = _check(tokenizer, max_length, stride)
    content = max_length - len(frame[0]) - len(frame[1])
    result: list[list[Window]] = []
    for first in range(0, len(documents), batch_size):
        batch = documents[first : first + batch_size]
        encoded = tokenizer(
            [document.text for document in batch],
            add_special_tokens=False,
            return_offsets_mapping=True,
            truncation=False,
            padding=False,
            verbose=False,
        )
        for i, document in enumerate(batch):
            encoding = (
                list(encoded["input_ids"][i]),
                [(int(a), int(b)) for a, b in encoded["offset_mapping"][i]],
                list(encoded.word_ids(i)),
            )
            result.append(
                _document_windows(
                    document,
                    encoding,
                    frame,
                    content=content,
                    stride=stride,
                    label_all_subtokens=label_all_subtokens,
                )
            )
    logger.debug("encoded %d documents into %d windows", len(documents), sum(map(len, result)))
    return result
