"""Character spans <-> per-token BIO tags through the tokenizer's offsets and word ids.

Rules shared by encoding and decoding:

* A token is *ignored* when its word id is ``None`` (a special token such as ``[CLS]``) or its
  character range is empty (``start >= end``, e.g. the ``(0, 0)`` of special tokens).
* A *word* is a run of consecutive tokens with the same word id (or a single token when no
  word ids are given); its character range runs from its first token's start to its last
  token's end.
* A word belongs to a span when their character ranges overlap by at least one character. A
  word only partly inside a span belongs to it wholly (so a span boundary inside a word is
  widened to the word on decoding). A word overlapping several spans takes the one with the
  largest overlap; ties go to the span that starts first.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from resume_ner.data.loaders.document import Span

OUTSIDE = "O"
"""The tag of tokens outside every entity."""

Offset = tuple[int, int]


@functools.lru_cache(maxsize=4096)
def split_tag(tag: str) -> tuple[str, str | None]:
    """Split a BIO tag into its prefix and label: ``"B-SKILL"`` -> ``("B", "SKILL")``.

    Raises:
        ValueError: If the tag is neither ``"O"`` nor ``"B-<label>"``/``"I-<label>"``.
    """
    if tag == OUTSIDE:
        return OUTSIDE, None
    prefix, sep, label = tag.partition("-")
    if not sep or prefix not in {"B", "I"} or not label:
        raise ValueError(f"invalid BIO tag {tag!r}: expected 'O', 'B-<label>' or 'I-<label>'")
    return prefix, label


def _is_ignored(offset: Offset, word_id: int | None, has_word_ids: bool) -> bool:
    return offset[0] >= offset[1] or (has_word_ids and word_id is None)


def _words(
    offsets: Sequence[Offset], word_ids: Sequence[int | None] | None
) -> list[tuple[int, int, int, int]]:
    """Words as ``(first_token, end_token, char_start, char_end)`` in token order."""
    groups: list[list[int]] = []
    last_word: int | None = None
    for i, offset in enumerate(offsets):
        word = word_ids[i] if word_ids is not None else i
        if _is_ignored(offset, word, word_ids is not None):
            last_word = None
            continue
        if groups and word == last_word and groups[-1][1] == i:
            groups[-1][1] = i + 1
            groups[-1][3] = max(groups[-1][3], offset[1])
        else:
            groups.append([i, i + 1, offset[0], offset[1]])
        last_word = word
    return [(g[0], g[1], g[2], g[3]) for g in groups]


def _assign_spans(
    words: list[tuple[int, int, int, int]], spans: Sequence[Span]
) -> list[int | None]:
    """For each word, the index of the span it belongs to (a sweep over sorted starts)."""
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start, spans[k].end))
    result: list[int | None] = [None] * len(words)
    active: list[int] = []
    pending = 0
    for w in sorted(range(len(words)), key=lambda w: words[w][2]):
        word_start, word_end = words[w][2], words[w][3]
        while pending < len(order) and spans[order[pending]].start < word_end:
            active.append(order[pending])
            pending += 1
        active = [k for k in active if spans[k].end > word_start]
        best_overlap = 0
        for k in active:
            overlap = min(word_end, spans[k].end) - max(word_start, spans[k].start)
            if overlap > best_overlap:
                result[w], best_overlap = k, overlap
    return result


def encode_spans(
    spans: Sequence[Span],
    offsets: Sequence[Offset],
    word_ids: Sequence[int | None] | None,
    label_all_subtokens: bool = False,
) -> list[str | None]:
    """Per-token BIO tags for character spans.

    The first token of an entity gets ``B-<label>``, every later token of the same span
    ``I-<label>``; tokens of words in no span get ``"O"``. Two adjacent spans with the same
    label stay apart (the second starts with ``B-``). Span/word membership follows the module
    rules (a word partly inside a span belongs to it wholly); ``word_ids=None`` makes every
    token its own word. Ignored tokens (special tokens, empty offsets and, unless
    ``label_all_subtokens``, non-first sub-tokens) get ``None``.

    Raises:
        ValueError: If ``word_ids`` and ``offsets`` differ in length.
    """
    if word_ids is not None and len(word_ids) != len(offsets):
        raise ValueError(f"{len(word_ids)} word ids for {len(offsets)} token offsets")
    tags: list[str | None] = [None] * len(offsets)
    words = _words(offsets, word_ids)
    owners = _assign_spans(words, spans)
    previous: int | None = None
    for (first, end, _, _), owner in zip(words, owners, strict=True):
        if owner is None:
            head, rest = OUTSIDE, OUTSIDE
        else:
            label = spans[owner].label
            head = f"I-{label}" if owner == previous else f"B-{label}"
            rest = f"I-{label}"
        tags[first] = head
        if label_all_subtokens:
            tags[first + 1 : end] = [rest] * (end - first - 1)
        previous = owner
    return tags


@dataclass(frozen=True)
class ScoredSpan:
    """A decoded span with the mean probability of the tokens whose tags made it."""

    start: int
    end: int
    label: str
    score: float

    @property
    def span(self) -> Span:
        """The span without its score."""
        return Span(self.start, self.end, self.label)


@dataclass
class _Entity:
    start: int
    end: int
    label: str
    scores: list[float] = field(default_factory=list)


class _Builder:
    """Collects entities while tags are read left to right."""

    def __init__(self) -> None:
        self.done: list[_Entity] = []
        self.open: _Entity | None = None

    def close(self) -> None:
        if self.open is not None:
            self.done.append(self.open)
            self.open = None

    def tag(self, tag: str, offset: Offset, score: float) -> bool:
        """Apply a tag; returns whether the token is now inside an entity."""
        prefix, label = split_tag(tag)
        if label is None:
            self.close()
            return False
        if prefix == "B" or self.open is None or self.open.label != label:
            self.close()
            self.open = _Entity(offset[0], offset[1], label)
        self.open.end = max(self.open.end, offset[1])
        self.open.scores.append(score)
        return True

    def extend(self, offset: Offset) -> None:
        if self.open is not None:
            self.open.end = max(self.open.end, offset[1])


def _decode(
    tags: Sequence[str | None],
    offsets: Sequence[Offset],
    word_ids: Sequence[int | None] | None,
    scores: Sequence[float],
) -> list[_Entity]:
    if len(tags) != len(offsets) or (word_ids is not None and len(word_ids) != len(tags)):
        lengths = f"{len(tags)} tags, {len(offsets)} offsets"
        raise ValueError(f"length mismatch: {lengths}, {len(word_ids or ())} word ids")
    if len(scores) != len(tags):
        raise ValueError(f"length mismatch: {len(tags)} tags, {len(scores)} scores")
    builder = _Builder()
    previous_word: int | None = None
    word_inside = False
    for i, tag in enumerate(tags):
        word = word_ids[i] if word_ids is not None else None
        if _is_ignored(offsets[i], word, word_ids is not None):
            previous_word = None
            continue
        if word is not None and word == previous_word:
            if word_inside:
                builder.extend(offsets[i])
            continue
        previous_word = word
        if tag is None:
            word_inside = False
            continue
        word_inside = builder.tag(tag, offsets[i], scores[i])
    builder.close()
    return builder.done


def _trimmed(entity: _Entity, text: str | None) -> tuple[int, int]:
    start, end = entity.start, entity.end
    if text is None:
        return start, end
    if end > len(text):
        raise ValueError(f"token offsets reach {end}, past the end of the text ({len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def decode_with_scores(
    tags: Sequence[str | None],
    offsets: Sequence[Offset],
    scores: Sequence[float],
    word_ids: Sequence[int | None] | None = None,
    text: str | None = None,
) -> list[ScoredSpan]:
    """Character spans from per-token BIO tags, each scored by the mean score of the tokens
    whose tags built it (the first sub-token of each word when decoding word-level).

    A span runs from the start of its first token to the end of its last token. ``B-X``
    always starts an entity; ``I-X`` continues an open ``X`` entity and otherwise (after
    ``O``, at the start, or after another label) starts a new one (BIO repair); ``O`` closes
    the open entity. Ignored tokens (special tokens, empty offsets) and ``None`` tags neither
    open nor close entities. With ``word_ids`` decoding is word-level: each word takes the tag
    of its first sub-token and its later sub-tokens extend whatever that tag opened, whatever
    their own tags are.

    Args:
        tags: One tag (or ``None``) per token.
        offsets: ``(start, end)`` character range of each token.
        scores: Per-token probability of the predicted tag.
        word_ids: Word index per token (``None`` for special tokens), for word-level decoding.
        text: The text the offsets refer to; when given, offsets are checked against it and
            whitespace at span edges is trimmed (spans that become empty are dropped).

    Returns:
        Spans in text order.

    Raises:
        ValueError: On a malformed tag, mismatched lengths or offsets past the text.
    """
    result = []
    for entity in _decode(tags, offsets, word_ids, scores):
        start, end = _trimmed(entity, text)
        if end > start:
            score = sum(entity.scores) / len(entity.scores)
            result.append(ScoredSpan(start, end, entity.label, score))
    return result
