"""Predict spans of whole documents (windows batched, merged, BIO-decoded) and score them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing import (
    MergedTokens,
    ScoredSpan,
    constrained_decode,
    decode_with_scores,
    encode_spans,
    merge_window_predictions,
    propagate_mentions,
)
from resume_ner.data.processing.transitions import gap_kind
from resume_ner.training.core.features import EncodedSet, Features, collate, encode_set
from resume_ner.training.core.metrics import (
    SpanMetrics,
    seqeval_scores,
    span_metrics,
    token_accuracy,
)
from resume_ner.training.core.runtime import autocast

if TYPE_CHECKING:
    import numpy as np

    from resume_ner.data.processing.windows import Tokenizer
    from resume_ner.training.core.model import TokenClassifier

Transitions = tuple["np.ndarray", "np.ndarray"]
"""Weighted ``(start, transition)`` scores added to Viterbi decoding."""


@dataclass(frozen=True)
class DecodedDocument:
    """Predictions for one document.

    Attributes:
        spans: Predicted spans with scores, in text order.
        predicted_tags: Predicted tag of each word (its first sub-token), in order.
        gold_tags: Gold tag of each word from the document's spans.
    """

    spans: list[ScoredSpan]
    predicted_tags: list[str]
    gold_tags: list[str]


@dataclass(frozen=True)
class Evaluation:
    """Scores of a model on a set of documents, and its predictions."""

    metrics: dict[str, float]
    spans: SpanMetrics
    documents: list[DecodedDocument]


def window_log_probs(
    model: TokenClassifier,
    features: Sequence[Features],
    *,
    batch_size: int,
    device: str,
    precision: str = "fp32",
    pad_token_id: int = 0,
) -> list[np.ndarray]:
    """Per window, the ``length x num_tags`` log-probabilities (batched by similar length).

    Windows of any documents are batched together, longest first; the model runs in eval
    mode without gradients (its training flag is restored afterwards).
    """
    import torch

    order = sorted(range(len(features)), key=lambda i: -len(features[i]))
    rows: list[Any] = [None] * len(features)
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            for first in range(0, len(order), batch_size):
                chosen = order[first : first + batch_size]
                batch = collate([features[i] for i in chosen], pad_token_id)
                with autocast(device, precision):
                    logits = model(
                        batch["input_ids"].to(device),
                        batch["attention_mask"].to(device),
                        batch["shape_ids"].to(device),
                    )
                log_probs = torch.log_softmax(logits.float(), dim=-1).cpu().numpy()
                for row, index in enumerate(chosen):
                    rows[index] = log_probs[row, : len(features[index])]
    finally:
        model.train(was_training)
    return rows


def _word_heads(offsets: Sequence[tuple[int, int]], word_ids: Sequence[int | None]) -> list[int]:
    """Positions of the first sub-token of every word."""
    heads, previous = [], None
    for position, (offset, word) in enumerate(zip(offsets, word_ids, strict=True)):
        if word is None or offset[0] >= offset[1]:
            previous = None
            continue
        if word != previous:
            heads.append(position)
        previous = word
    return heads


def _gap_kinds(
    text: str,
    offsets: Sequence[tuple[int, int]],
    word_ids: Sequence[int | None],
    heads: Sequence[int],
) -> list[int]:
    """Per word, the kind of whitespace before it (see ``gap_kind``; the first gets 0)."""
    ends: dict[int, int] = {}
    for offset, word in zip(offsets, word_ids, strict=True):
        if word is not None and offset[0] < offset[1]:
            ends[word] = max(ends.get(word, 0), offset[1])
    kinds = [0]
    for previous, head in itertools.pairwise(heads):
        end = ends[cast("int", word_ids[previous])]
        kinds.append(gap_kind(text, end, offsets[head][0]))
    return kinds


def decode_document(
    document: Document,
    windows: Sequence[Any],
    rows: Sequence[np.ndarray],
    schema: LabelSchema,
    constrained: bool = True,
    *,
    propagate: Sequence[str] = (),
    transitions: Transitions | None = None,
) -> DecodedDocument:
    """Merge a document's window log-probabilities and decode them into character spans.

    Each word takes the tag of its first sub-token; tags come from BIO-constrained Viterbi
    over the words' log-probabilities plus the weighted ``transitions`` prior (``(start,
    transition)`` scores, see ``HeadSettings.decoding_transitions``), or per-word argmax when
    ``constrained`` is off; a span's score is the mean probability of its words' tags.
    Entities of the ``propagate`` labels are then copied to every other occurrence of their
    text (``propagate_mentions``).
    """
    import numpy as np

    merged: MergedTokens[Any] = merge_window_predictions(windows, cast("Sequence[Any]", rows))
    heads = _word_heads(merged.offsets, merged.word_ids)
    if not heads:
        return DecodedDocument([], [], [])
    head_scores = np.stack([merged.labels[i] for i in heads])
    if constrained:
        start, transition, kinds = None, None, None
        if transitions is not None:
            start, transition = transitions
            kinds = _gap_kinds(document.text, merged.offsets, merged.word_ids, heads)
        head_tags = constrained_decode(
            cast("Sequence[Sequence[float]]", head_scores),
            schema.tags,
            start_scores=cast("Sequence[float] | None", start),
            transition_scores=transition,
            transition_kinds=kinds,
        )
    else:
        head_tags = [schema.tags[j] for j in head_scores.argmax(axis=1)]
    tags: list[str | None] = [None] * len(merged.offsets)
    scores = [0.0] * len(merged.offsets)
    for row, (position, tag) in enumerate(zip(heads, head_tags, strict=True)):
        tags[position] = tag
        scores[position] = float(np.exp(head_scores[row, schema.tag_to_id(tag)]))
    spans = decode_with_scores(tags, merged.offsets, scores, merged.word_ids, document.text)
    spans = propagate_mentions(document.text, spans, propagate)
    if not document.spans:  # inference: nothing to compare with
        return DecodedDocument(spans, head_tags, ["O"] * len(heads))
    gold = encode_spans(document.spans, merged.offsets, merged.word_ids, False)
    return DecodedDocument(spans, head_tags, [gold[i] or "O" for i in heads])


def predict_encoded(
    model: TokenClassifier,
    encoded: EncodedSet,
    schema: LabelSchema,
    *,
    batch_size: int,
    device: str,
    precision: str = "fp32",
    pad_token_id: int = 0,
    constrained: bool | None = None,
    propagate: Sequence[str] | None = None,
    transitions: Transitions | Literal["saved"] | None = "saved",
) -> list[DecodedDocument]:
    """Decoded predictions for every document of an encoded set (see :func:`decode_document`).

    ``constrained`` and ``propagate`` default (``None``) to the model head's saved settings;
    ``transitions`` is ``"saved"`` for the head's prior and weight, ``None`` for none.
    """
    head = getattr(model, "head", None)
    if constrained is None:
        constrained = bool(getattr(head, "crf_like_decoding", True))
    if propagate is None:
        propagate = tuple(getattr(head, "propagate_labels", ()))
    if isinstance(transitions, str):
        transitions = head.decoding_transitions() if head is not None else None
    rows = window_log_probs(
        model,
        encoded.features,
        batch_size=batch_size,
        device=device,
        precision=precision,
        pad_token_id=pad_token_id,
    )
    return decode_encoded(
        encoded, rows, schema, constrained, propagate=propagate, transitions=transitions
    )


def decode_encoded(
    encoded: EncodedSet,
    rows: Sequence[np.ndarray],
    schema: LabelSchema,
    constrained: bool = True,
    *,
    propagate: Sequence[str] = (),
    transitions: Transitions | None = None,
) -> list[DecodedDocument]:
    """Decode every document of an encoded set from its windows' log-probabilities."""
    result = []
    for document, indices in zip(encoded.documents, encoded.windows_by_document(), strict=True):
        windows = [encoded.windows[i] for i in indices]
        result.append(
            decode_document(
                document,
                windows,
                [rows[i] for i in indices],
                schema,
                constrained,
                propagate=propagate,
                transitions=transitions,
            )
        )
    return result


def score_decoded(
    encoded: EncodedSet, decoded: Sequence[DecodedDocument], schema: LabelSchema
) -> Evaluation:
    """Scores of decoded documents against the encoded set's gold spans."""
    spans = span_metrics(
        [document.spans for document in encoded.documents],
        [[span.span for span in doc.spans] for doc in decoded],
        schema.labels,
    )
    gold_tags = [doc.gold_tags for doc in decoded]
    predicted_tags = [doc.predicted_tags for doc in decoded]
    metrics = {
        **spans.as_dict(),
        **seqeval_scores(gold_tags, predicted_tags),
        "token_accuracy": token_accuracy(gold_tags, predicted_tags),
    }
    return Evaluation(metrics, spans, list(decoded))


def predict_documents(
    model: TokenClassifier,
    tokenizer: Tokenizer,
    schema: LabelSchema,
    texts: Sequence[str],
    *,
    max_length: int,
    stride: int,
    batch_size: int = 32,
    device: str = "cpu",
    precision: str = "fp32",
    constrained: bool | None = None,
    propagate: Sequence[str] | None = None,
    transitions: Transitions | Literal["saved"] | None = "saved",
) -> list[list[ScoredSpan]]:
    """Entities of whole texts of any length: sliding windows batched across texts, merged,
    and decoded with BIO constraints.

    Args:
        model: A token classifier (from ``build_model`` or ``load_model``) on ``device``.
        tokenizer: Its fast tokenizer.
        schema: Its label schema.
        texts: Texts to tag.
        max_length: Tokens per window, special tokens included.
        stride: Tokens shared by consecutive windows.
        batch_size: Windows per forward pass.
        device: Device of the model.
        precision: fp32, bf16 or fp16 autocast.
        constrained: BIO-constrained decoding; ``None`` uses the model's saved setting.
        propagate: Labels whose mentions propagate; ``None`` uses the model's saved setting.
        transitions: Weighted transition scores for Viterbi; ``"saved"`` uses the model's
            saved prior and weight, ``None`` none.

    Returns:
        Per text, its spans (``start``, ``end``, ``label``, ``score``) in text order.
    """
    documents = [Document(str(i), text) for i, text in enumerate(texts)]
    encoded = encode_set(tokenizer, documents, schema, max_length=max_length, stride=stride)
    decoded = predict_encoded(
        model,
        encoded,
        schema,
        batch_size=batch_size,
        device=device,
        precision=precision,
        pad_token_id=int(tokenizer.pad_token_id or 0),
        constrained=constrained,
        propagate=propagate,
        transitions=transitions,
    )
    return [doc.spans for doc in decoded]
