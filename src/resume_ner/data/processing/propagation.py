"""Document-level mention propagation: every occurrence of a found entity's text gets its label.

Annotators (and tools such as DataTurks, which can tag all matches of a selection) often tag
every mention of a company, title or year in a resume, not only the first. A model reads each
mention in its own context and may find one and miss the next; propagation makes the
prediction follow the annotation convention. Whether a label follows it is read from the
training annotations (:func:`mention_conventions`), not assumed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.alignment import ScoredSpan

MIN_RATE = 0.5
"""Share of repeated mentions tagged everywhere above which a label propagates."""
MIN_GROUPS = 5
"""Repeated-mention groups a label needs before its convention is trusted."""
MIN_CHARS = 2
"""Shortest entity text that propagates (single characters match too much)."""


@dataclass(frozen=True)
class MentionConvention:
    """How one label's repeated mentions are annotated in a set of documents.

    Attributes:
        label: The entity label.
        repeated: ``(document, text)`` groups of this label whose text occurs more than once
            in its document (at word boundaries, outside spans of other labels).
        all_tagged: Of those, the groups where every occurrence is tagged with the label.
    """

    label: str
    repeated: int
    all_tagged: int

    @property
    def rate(self) -> float:
        """Share of repeated groups tagged at every occurrence (0 when there are none)."""
        return self.all_tagged / self.repeated if self.repeated else 0.0


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of ``surface`` in ``text`` where it is not part of a longer word.

    >>> occurrences("Acme, Acme Corp and Acmeco", "Acme")
    [0, 6]
    """
    if not surface:
        return []
    starts = []
    check_before, check_after = surface[0].isalnum(), surface[-1].isalnum()
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        joined_before = check_before and start > 0 and text[start - 1].isalnum()
        joined_after = check_after and end < len(text) and text[end].isalnum()
        if not (joined_before or joined_after):
            starts.append(start)
        start = text.find(surface, start + 1)
    return starts


def _eligible(surface: str) -> bool:
    return len(surface) >= MIN_CHARS and any(ch.isalnum() for ch in surface)


def _covered(start: int, end: int, spans: Sequence[Span]) -> Span | None:
    for span in spans:
        if span.start < end and start < span.end:
            return span
    return None


def mention_conventions(documents: Iterable[Document]) -> dict[str, MentionConvention]:
    """Per label, how often its repeated mentions are all tagged in the gold annotations."""
    repeated: dict[str, int] = defaultdict(int)
    all_tagged: dict[str, int] = defaultdict(int)
    for document in documents:
        seen: set[tuple[str, str]] = set()
        for span in document.spans:
            surface = document.text[span.start : span.end]
            if (span.label, surface) in seen or not _eligible(surface):
                continue
            seen.add((span.label, surface))
            tagged, total = 0, 0
            for start in occurrences(document.text, surface):
                owner = _covered(start, start + len(surface), document.spans)
                if owner is not None and owner.label != span.label:
                    continue  # inside another label's entity: never propagated to
                total += 1
                tagged += owner is not None
            if total > 1:
                repeated[span.label] += 1
                all_tagged[span.label] += tagged == total
    return {
        label: MentionConvention(label, repeated[label], all_tagged[label])
        for label in sorted(repeated)
    }


def labels_to_propagate(
    documents: Iterable[Document], min_rate: float = MIN_RATE, min_groups: int = MIN_GROUPS
) -> tuple[str, ...]:
    """Labels whose annotations tag every mention in at least ``min_rate`` of the repeated
    groups, counting only labels with at least ``min_groups`` such groups."""
    conventions = mention_conventions(documents)
    return tuple(
        label
        for label, convention in conventions.items()
        if convention.repeated >= min_groups and convention.rate >= min_rate
    )


def propagate_mentions(
    text: str, spans: Sequence[ScoredSpan], labels: Iterable[str]
) -> list[ScoredSpan]:
    """``spans`` plus a span at every other occurrence of a propagating entity's text.

    An added span takes the label and the highest score of the mentions of that text; an
    occurrence that overlaps any span (added ones included) is left alone, and a text found
    with two labels propagates the label of its higher-scored mention.
    """
    wanted = set(labels)
    if not wanted or not spans:
        return list(spans)
    best: dict[str, ScoredSpan] = {}
    for span in spans:
        surface = text[span.start : span.end]
        if span.label in wanted and _eligible(surface):
            current = best.get(surface)
            if current is None or span.score > current.score:
                best[surface] = span
    result = list(spans)
    taken = bytearray(len(text))  # 1 where a character belongs to a span
    for span in spans:
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    for surface, source in sorted(best.items(), key=lambda item: -len(item[0])):
        for start in occurrences(text, surface):
            end = start + len(surface)
            if taken.find(1, start, end) >= 0:
                continue
            result.append(ScoredSpan(start, end, source.label, source.score))
            taken[start:end] = b"\x01" * len(surface)
    return sorted(result, key=lambda span: (span.start, span.end))
