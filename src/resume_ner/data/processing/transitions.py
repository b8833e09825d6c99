"""Tag-transition scores learned from the training annotations, for Viterbi decoding.

A token classifier scores each word's tag on its own, and an uncased encoder does not see
line breaks: nothing stops it from tagging ``Senior`` ``B-DESIGNATION`` and ``Software``
``B-DESIGNATION`` again (one title split in two), or from running a college name on across
a blank line into the next heading. The transition prior is the log-probability of each
tag given the previous word's tag *and the whitespace between the two words* (same line,
a line break, a blank line), counted over the training documents' word tags with a small
pseudo-count; decoding adds ``weight x`` these scores to the model's log-probabilities on
top of the hard BIO constraints. The weight is tuned on validation documents
(``model.transition_weight``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.data.processing.windows import Window

if TYPE_CHECKING:
    import numpy as np

PSEUDO_COUNT = 0.1
"""Added to every transition count, so unseen transitions stay possible."""
WEIGHTS: tuple[float, ...] = (0.5, 0.25, 0.75, 0.0, 1.0)
"""Candidate prior weights tried on validation, in order of preference on ties."""
DEFAULT_WEIGHT = 0.5
"""Weight used when there are no validation documents to tune it on."""
SAME_LINE, LINE_BREAK, BLANK_LINE = 0, 1, 2
"""Kinds of gap between two consecutive words (index of the transition matrix)."""
GAP_KINDS = 3


def gap_kind(text: str, end: int, start: int) -> int:
    """The kind of whitespace between a word ending at ``end`` and the next starting at
    ``start``: ``SAME_LINE``, ``LINE_BREAK`` (one newline) or ``BLANK_LINE`` (two or more)."""
    newlines = text.count("\n", end, start)
    return SAME_LINE if newlines == 0 else LINE_BREAK if newlines == 1 else BLANK_LINE


@dataclass(frozen=True)
class WordSequence:
    """A document's words for the prior: gold tag of each word and the gap kind before it
    (the first word's gap kind is unused)."""

    tags: tuple[str, ...]
    gaps: tuple[int, ...]


@dataclass(frozen=True)
class TransitionPrior:
    """Log-probabilities of tag transitions, tags in the schema's tag order.

    Attributes:
        start: ``log P(tag)`` of a document's first word.
        scores: ``scores[k][i][j] = log P(tag j | previous word's tag i, gap kind k)``.
    """

    start: tuple[float, ...]
    scores: tuple[tuple[tuple[float, ...], ...], ...]

    def __post_init__(self) -> None:
        size = len(self.start)
        shapes = {(len(m), *sorted({len(r) for r in m})) for m in self.scores}
        if len(self.scores) != GAP_KINDS or shapes != {(size, size)}:
            raise ValueError(
                f"transition prior must hold {GAP_KINDS} square matrices over {size} tags, got "
                f"{len(self.scores)} of shapes {sorted(shapes)}"
            )

    @property
    def num_tags(self) -> int:
        """Number of tags the prior covers."""
        return len(self.start)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (rounded to 4 decimals)."""
        return {
            "start": [round(v, 4) for v in self.start],
            "scores": [[[round(v, 4) for v in row] for row in m] for m in self.scores],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TransitionPrior:
        """Read :meth:`to_dict` output.

        Raises:
            ValueError: If ``start`` or ``scores`` is missing or of the wrong shape.
        """
        try:
            start = tuple(float(v) for v in data["start"])
            scores = tuple(
                tuple(tuple(float(v) for v in row) for row in matrix) for matrix in data["scores"]
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"transition prior needs 'start' and 'scores' lists: {exc}") from None
        return cls(start, scores)

    def weighted(self, weight: float) -> tuple[np.ndarray, np.ndarray]:
        """``(start, scores)`` as arrays (``num_tags`` and ``3 x num_tags x num_tags``)
        multiplied by ``weight``."""
        import numpy as np

        return weight * np.asarray(self.start), weight * np.asarray(self.scores)


def estimate_transitions(
    sequences: Iterable[WordSequence], tags: Sequence[str], pseudo_count: float = PSEUDO_COUNT
) -> TransitionPrior:
    """The transition prior of word sequences (one per document).

    Raises:
        ValueError: If a sequence holds a tag not in ``tags`` (named) or a bad gap kind.
    """
    import numpy as np

    index = {tag: i for i, tag in enumerate(tags)}
    counts = np.full((GAP_KINDS, len(tags), len(tags)), pseudo_count)
    first = np.full(len(tags), pseudo_count)
    for sequence in sequences:
        try:
            ids = [index[tag] for tag in sequence.tags]
        except KeyError as exc:
            raise ValueError(f"tag {exc.args[0]!r} is not in the tag set {list(tags)}") from None
        if len(sequence.gaps) != len(ids):
            raise ValueError(f"{len(ids)} tags but {len(sequence.gaps)} gap kinds")
        if not ids:
            continue
        first[ids[0]] += 1
        for (previous, current), gap in zip(
            itertools.pairwise(ids), sequence.gaps[1:], strict=True
        ):
            if not 0 <= gap < GAP_KINDS:
                raise ValueError(f"gap kind {gap} is not one of 0..{GAP_KINDS - 1}")
            counts[gap, previous, current] += 1
    scores = np.log(counts / counts.sum(axis=2, keepdims=True))
    start = np.log(first / first.sum())
    return TransitionPrior(
        tuple(float(v) for v in start),
        tuple(tuple(tuple(float(v) for v in row) for row in matrix) for matrix in scores),
    )


def word_sequence(windows: Sequence[Window], text: str) -> WordSequence:
    """A document's gold word tags (each word's first sub-token) and the gaps between its
    words, from its windows (which overlap: each token is read once)."""
    tokens: dict[int, tuple[int, tuple[int, int], str | None]] = {}
    for window in windows:
        for position, word in enumerate(window.word_ids):
            offset = window.offsets[position]
            if word is None or offset[0] >= offset[1]:
                continue
            token = window.token_start + position - window.content_start
            tokens.setdefault(token, (word, offset, window.tags[position]))
    words: list[list[Any]] = []  # [tag, start, end] per word
    previous: int | None = None
    for token in sorted(tokens):
        word, (start, end), tag = tokens[token]
        if word != previous:
            words.append([tag, start, end])
        else:
            words[-1][2] = max(words[-1][2], end)
        previous = word
    tags = tuple(str(tag) for tag, _, _ in words if tag is not None)
    if len(tags) != len(words):
        raise ValueError("a word's first sub-token has no tag (windows built for inference?)")
    gaps = [SAME_LINE] + [gap_kind(text, a[2], b[1]) for a, b in itertools.pairwise(words)]
    return WordSequence(tags, tuple(gaps))
