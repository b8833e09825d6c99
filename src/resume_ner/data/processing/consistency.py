"""Label-noise report of an annotated set: what a lead annotator should review first.

Three kinds of finding, each counted and with examples:

* **conflicts**: the same surface string (casefolded, whitespace collapsed) labelled
  differently; the mentions outside the string's most frequent label are noisy;
* **missed mentions**: a labelled string that occurs again in the same document (same words,
  any case, at word boundaries) outside every span; the labelled mention is noisy;
* **boundaries**: per label, spans that hold a list (a separator ``, ; | /`` or a line break)
  against single items; the spans of a label's less frequent form are noisy.

``noise_rate`` is the share of labelled mentions involved in at least one finding.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from resume_ner.data.loaders.document import Document, Span

SEPARATORS: tuple[str, ...] = (",", ";", "|", "/", "\n")
"""Characters that make a span a list of items."""
MIN_CHARS = 2
"""Shortest normalised string checked for conflicts and missed mentions."""
EXAMPLES = 3
"""Examples kept per finding."""


def normalise(surface: str) -> str:
    """Casefold and collapse whitespace: the key under which mentions are compared.

    >>> normalise("  Machine\\n Learning ")
    'machine learning'
    """
    return " ".join(surface.split()).casefold()


@dataclass(frozen=True)
class LabelConflict:
    """One normalised string annotated with more than one label."""

    surface: str
    labels: dict[str, int]
    documents: tuple[str, ...]

    @property
    def mentions(self) -> int:
        """Labelled mentions of the string."""
        return sum(self.labels.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "surface": self.surface,
            "labels": dict(self.labels),
            "mentions": self.mentions,
            "documents": list(self.documents),
        }


@dataclass(frozen=True)
class MissedMention:
    """An untagged occurrence of a string tagged elsewhere in the same document."""

    document: str
    label: str
    surface: str
    start: int
    tagged_at: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "document": self.document,
            "label": self.label,
            "surface": self.surface,
            "start": self.start,
            "tagged_at": self.tagged_at,
        }


@dataclass(frozen=True)
class BoundaryConvention:
    """How one label's spans are bounded: whole lists or single items."""

    label: str
    spans: int
    list_spans: int
    separators: dict[str, int]
    chars: dict[str, float]
    list_examples: tuple[tuple[str, str], ...]
    single_examples: tuple[tuple[str, str], ...]

    @property
    def single_spans(self) -> int:
        """Spans without any separator."""
        return self.spans - self.list_spans

    @property
    def convention(self) -> str:
        """``list`` or ``single``: the more frequent form (``single`` on a tie)."""
        return "list" if self.list_spans > self.single_spans else "single"

    @property
    def minority(self) -> int:
        """Spans in the less frequent form."""
        return min(self.list_spans, self.single_spans)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "label": self.label,
            "spans": self.spans,
            "list_spans": self.list_spans,
            "single_spans": self.single_spans,
            "convention": self.convention,
            "separators": {_SEPARATOR_NAMES[s]: n for s, n in self.separators.items()},
            "chars": dict(self.chars),
            "list_examples": [{"document": d, "text": t} for d, t in self.list_examples],
            "single_examples": [{"document": d, "text": t} for d, t in self.single_examples],
        }


_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "|": "pipe", "/": "slash", "\n": "newline"}


@dataclass(frozen=True)
class ConsistencyReport:
    """The three findings over a set of documents and the share of mentions they touch."""

    documents: int
    mentions: int
    conflicts: tuple[LabelConflict, ...]
    missed: tuple[MissedMention, ...]
    boundaries: tuple[BoundaryConvention, ...]
    involved: dict[str, int] = field(default_factory=dict)
    noisy_mentions: int = 0

    @property
    def noise_rate(self) -> float:
        """Share of labelled mentions involved in any finding (0 without mentions)."""
        return self.noisy_mentions / self.mentions if self.mentions else 0.0

    def missed_by_label(self) -> dict[str, int]:
        """Untagged occurrences per label, most first."""
        counts = Counter(item.label for item in self.missed)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with every finding."""
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "noisy_mentions": self.noisy_mentions,
            "noise_rate": round(self.noise_rate, 4),
            "involved": dict(self.involved),
            "conflicts": [item.to_dict() for item in self.conflicts],
            "missed_by_label": self.missed_by_label(),
            "missed": [item.to_dict() for item in self.missed],
            "boundaries": [item.to_dict() for item in self.boundaries],
        }

    def render(self, top: int = 10) -> str:
        """Readable text: the totals, then the first ``top`` findings of each kind."""
        lines = [
            f"{self.documents} documents, {self.mentions} labelled mentions; "
            f"{self.noisy_mentions} involved in a finding: noise rate {self.noise_rate:.1%}",
            "  involved per finding: "
            + ", ".join(f"{kind} {count}" for kind, count in self.involved.items()),
            "",
            f"Same string, different labels ({len(self.conflicts)} strings):",
        ]
        for conflict in self.conflicts[:top]:
            labels = ", ".join(f"{label} {n}" for label, n in conflict.labels.items())
            docs = ", ".join(conflict.documents)
            lines.append(f"  {_clip(conflict.surface)!r}: {labels}  (e.g. {docs})")
        by_label = self.missed_by_label()
        lines += ["", f"Tagged once, untagged elsewhere in the document ({len(self.missed)}):"]
        if by_label:
            lines.append("  per label: " + ", ".join(f"{k} {v}" for k, v in by_label.items()))
        for item in self.missed[:top]:
            lines.append(
                f"  {item.document} @{item.start}: {_clip(item.surface)!r} "
                f"(tagged {item.label} @{item.tagged_at})"
            )
        lines += ["", "Span boundaries per label (list = holds , ; | / or a line break):"]
        for conv in self.boundaries[:top] if top else ():
            seps = ", ".join(f"{_SEPARATOR_NAMES[s]} {n}" for s, n in conv.separators.items())
            chars = conv.chars
            lines.append(
                f"  {conv.label}: {conv.spans} spans, {conv.list_spans} list / "
                f"{conv.single_spans} single -> {conv.convention}; chars median "
                f"{chars['median']:g}, p90 {chars['p90']:g}, max {chars['max']:g}"
                + (f"; {seps}" if seps else "")
            )
            for kind, examples in (("list", conv.list_examples), ("single", conv.single_examples)):
                for doc, text in examples[:1]:
                    lines.append(f"    {kind}: {_clip(text)!r} ({doc})")
        return "\n".join(lines)


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _pattern(surface: str) -> re.Pattern[str]:
    """Same words in any case and spacing, not inside a longer word."""
    body = r"\s+".join(re.escape(word) for word in surface.split())
    before = r"(?<!\w)" if surface.strip()[0].isalnum() else ""
    after = r"(?!\w)" if surface.strip()[-1].isalnum() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def _eligible(key: str) -> bool:
    return len(key) >= MIN_CHARS and any(ch.isalnum() for ch in key)


MentionId = tuple[int, int]
"""(document index, span index)."""


def _conflicts(documents: Sequence[Document], noisy: set[MentionId]) -> tuple[LabelConflict, ...]:
    by_key: dict[str, list[tuple[MentionId, str, str]]] = defaultdict(list)
    for d, doc in enumerate(documents):
        for s, span in enumerate(doc.spans):
            key = normalise(span.text_in(doc.text))
            if _eligible(key):
                by_key[key].append(((d, s), span.label, doc.id))
    found = []
    for key, mentions in by_key.items():
        counts = Counter(label for _, label, _ in mentions)
        if len(counts) < 2:
            continue
        ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        majority = next(iter(ordered))
        noisy.update(mid for mid, label, _ in mentions if label != majority)
        docs = dict.fromkeys(doc_id for _, label, doc_id in mentions if label != majority)
        docs.update(dict.fromkeys(doc_id for _, _, doc_id in mentions))
        found.append(LabelConflict(key, ordered, tuple(list(docs)[:EXAMPLES])))
    found.sort(key=lambda c: (-(c.mentions - max(c.labels.values())), -c.mentions, c.surface))
    return tuple(found)


def _missed(documents: Sequence[Document], noisy: set[MentionId]) -> tuple[MissedMention, ...]:
    found = []
    for d, doc in enumerate(documents):
        taken = bytearray(len(doc.text))
        for span in doc.spans:
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
        first: dict[tuple[str, str], Span] = {}
        for span in doc.spans:
            key = normalise(span.text_in(doc.text))
            if _eligible(key):
                first.setdefault((key, span.label), span)
        for (key, label), span in first.items():
            hits = [
                m.start()
                for m in _pattern(key).finditer(doc.text)
                if taken.find(1, m.start(), m.end()) < 0
            ]
            if not hits:
                continue
            noisy.update(
                (d, i)
                for i, other in enumerate(doc.spans)
                if other.label == label and normalise(other.text_in(doc.text)) == key
            )
            found += [MissedMention(doc.id, label, key, start, span.start) for start in hits]
    return tuple(found)


def _boundaries(
    documents: Sequence[Document], noisy: set[MentionId]
) -> tuple[BoundaryConvention, ...]:
    per_label: dict[str, list[tuple[MentionId, str, str]]] = defaultdict(list)
    for d, doc in enumerate(documents):
        for s, span in enumerate(doc.spans):
            per_label[span.label].append(((d, s), doc.id, span.text_in(doc.text).strip()))
    found = []
    for label in sorted(per_label):
        spans = per_label[label]
        lists = [item for item in spans if any(sep in item[2] for sep in SEPARATORS)]
        singles = [item for item in spans if not any(sep in item[2] for sep in SEPARATORS)]
        separators = {
            sep: n for sep in SEPARATORS if (n := sum(sep in text for _, _, text in spans))
        }
        lengths = sorted(len(text) for _, _, text in spans)
        chars = {
            "min": float(lengths[0]),
            "median": float(statistics.median(lengths)),
            "p90": float(lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]),
            "max": float(lengths[-1]),
        }
        minority = lists if len(lists) <= len(singles) else singles
        noisy.update(mid for mid, _, _ in minority)
        found.append(
            BoundaryConvention(
                label,
                len(spans),
                len(lists),
                separators,
                chars,
                tuple((doc_id, text) for _, doc_id, text in lists[:EXAMPLES]),
                tuple((doc_id, text) for _, doc_id, text in singles[:EXAMPLES]),
            )
        )
    return tuple(found)


def consistency_report(documents: Iterable[Document]) -> ConsistencyReport:
    """Find label conflicts, missed mentions and mixed span boundaries in ``documents``."""
    docs = list(documents)
    conflict_ids: set[MentionId] = set()
    missed_ids: set[MentionId] = set()
    boundary_ids: set[MentionId] = set()
    conflicts = _conflicts(docs, conflict_ids)
    missed = _missed(docs, missed_ids)
    boundaries = _boundaries(docs, boundary_ids)
    return ConsistencyReport(
        documents=len(docs),
        mentions=sum(len(doc.spans) for doc in docs),
        conflicts=conflicts,
        missed=missed,
        boundaries=boundaries,
        involved={
            "conflicts": len(conflict_ids),
            "missed": len(missed_ids),
            "boundaries": len(boundary_ids),
        },
        noisy_mentions=len(conflict_ids | missed_ids | boundary_ids),
    )
