"""Word-shape ids of tokens, read from the original text so uncased backbones keep casing."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

SHAPES: tuple[str, ...] = (
    "Xxxx",  # title case word
    "XXXX",  # upper-case word (two letters or more)
    "X",  # a single upper-case letter (initials)
    "xxxx",  # lower-case word
    "d",  # one to three digits
    "dddd",  # four digits (years)
    "ddddd+",  # five digits or more (phone parts, ids)
    "mixed",  # letters with digits, or mixed case such as JavaScript
    "x@x",  # part of an e-mail address
    "url",  # part of a web address
    "punct",  # punctuation
    "other",  # anything else (symbols, scripts without case)
)
"""Shape classes; each has a plain and a line-initial id."""

PAD_SHAPE_ID = 0
"""Shape id of special tokens and padding."""
NUM_SHAPE_IDS = 1 + 2 * len(SHAPES)
"""Size of the shape embedding table."""
SHAPE_VERSION = 1
"""Version of the shape rules, saved with models that use them."""

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"(?i)^(https?://|www\.)|\.(com|org|net|edu|io|in)/")
_EDGE_PUNCT = "<>()[]{}\"',;:|"
_INDEX = {name: i for i, name in enumerate(SHAPES)}


def word_shape(word: str) -> str:
    """The shape class of one word (a run of letters/digits, or a punctuation token).

    >>> [word_shape(w) for w in ("John", "IBM", "J", "python", "42", "2019", "9876543", "B2B")]
    ['Xxxx', 'XXXX', 'X', 'xxxx', 'd', 'dddd', 'ddddd+', 'mixed']
    """
    if not word:
        return "other"
    if word.isdigit():
        return "d" if len(word) <= 3 else "dddd" if len(word) == 4 else "ddddd+"
    if word.isalpha():
        return _alpha_shape(word)
    if any(ch.isalnum() for ch in word):
        return "mixed"
    if all(not ch.isspace() and _is_punct(ch) for ch in word):
        return "punct"
    return "other"


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _alpha_shape(word: str) -> str:
    if word.isupper():
        return "X" if len(word) == 1 else "XXXX"
    if word.islower():
        return "xxxx"
    if word[0].isupper() and word[1:].islower():
        return "Xxxx"
    if not any(ch.isupper() or ch.islower() for ch in word):
        return "other"
    return "mixed"


def chunk_shape(chunk: str) -> str | None:
    """``"x@x"`` or ``"url"`` when a whitespace-delimited chunk is an e-mail or web address."""
    core = chunk.strip(_EDGE_PUNCT).rstrip(".")
    if _EMAIL.match(core):
        return "x@x"
    if _URL.search(core):
        return "url"
    return None


class ShapeIndex:
    """Shape ids of tokens of one text, from their ``(start, end)`` character offsets.

    A token's shape is that of the whole word around it (so ``##son`` of ``Johnson`` is
    ``Xxxx``), or ``x@x``/``url`` when its whitespace-delimited chunk is an address. Tokens
    that start their line (first chunk after a newline) get a separate id of the same shape.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        chunks = [match.span() for match in _CHUNK.finditer(text)]
        self._chunk_starts = [start for start, _ in chunks]
        self._chunks = chunks
        self._line_first = [
            i == 0 or "\n" in text[chunks[i - 1][1] : chunks[i][0]] for i in range(len(chunks))
        ]
        words = [match.span() for match in _WORD.finditer(text)]
        self._word_starts = [start for start, _ in words]
        self._words = words
        # Shapes of chunks ("" = not computed yet; None = no special shape) and of words.
        self._chunk_shapes: dict[int, str | None] = {}
        self._word_shapes: dict[int, str] = {}

    def _containing(self, starts: list[int], spans: list[tuple[int, int]], pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 and spans[i][0] <= pos < spans[i][1] else -1

    def _shape_at(self, start: int, end: int, chunk: int) -> str:
        if chunk >= 0:
            special = self._chunk_shapes.get(chunk, "")
            if special == "":
                lo, hi = self._chunks[chunk]
                special = self._chunk_shapes[chunk] = chunk_shape(self.text[lo:hi])
            if special is not None:
                return special
        w = self._containing(self._word_starts, self._words, start)
        if w < 0:
            return word_shape(self.text[start:end])
        name = self._word_shapes.get(w)
        if name is None:
            lo, hi = self._words[w]
            name = self._word_shapes[w] = word_shape(self.text[lo:hi])
        return name

    def shape(self, start: int, end: int) -> str | None:
        """The shape class of the token at ``[start, end)``; ``None`` for an empty range."""
        if end <= start or start >= len(self.text):
            return None
        return self._shape_at(start, end, self._containing(self._chunk_starts, self._chunks, start))

    def shape_id(self, start: int, end: int) -> int:
        """The shape id of the token at ``[start, end)`` (``PAD_SHAPE_ID`` for empty ranges)."""
        if end <= start or start >= len(self.text):
            return PAD_SHAPE_ID
        c = self._containing(self._chunk_starts, self._chunks, start)
        name = self._shape_at(start, end, c)
        line_initial = c >= 0 and self._line_first[c] and self._chunks[c][0] == start
        return 1 + 2 * _INDEX[name] + int(line_initial)

    def ids(self, offsets: Sequence[tuple[int, int]]) -> list[int]:
        """Shape ids of many tokens; ``(0, 0)`` offsets (special tokens) give ``PAD_SHAPE_ID``."""
        return [self.shape_id(start, end) for start, end in offsets]


def shape_ids(text: str, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Shape id per token of ``text`` from its ``(start, end)`` offsets (see ``ShapeIndex``)."""
    return ShapeIndex(text).ids(offsets)
