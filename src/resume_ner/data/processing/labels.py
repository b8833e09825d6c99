"""The canonical resume label set, shipped label-map presets and label mapping of documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from resume_ner.data.loaders.document import Document, Span

CANONICAL_LABELS: tuple[str, ...] = (
    "NAME",
    "EMAIL",
    "PHONE",
    "LOCATION",
    "DESIGNATION",
    "COMPANY",
    "DEGREE",
    "COLLEGE",
    "GRADUATION_YEAR",
    "YEARS_OF_EXPERIENCE",
    "SKILLS",
)
"""The label schema used when a config names none."""

LabelMap = Mapping[str, str | None]
"""Source label -> schema label; ``None`` drops the span."""

_DATATURKS: dict[str, str | None] = {
    "Name": "NAME",
    "Designation": "DESIGNATION",
    "Companies worked at": "COMPANY",
    "Skills": "SKILLS",
    "College Name": "COLLEGE",
    "Degree": "DEGREE",
    "Graduation Year": "GRADUATION_YEAR",
    "Email Address": "EMAIL",
    "Location": "LOCATION",
    "Years of Experience": "YEARS_OF_EXPERIENCE",
    "UNKNOWN": None,
}

# The reference span-list format uses EDUCATION for degree names and, in some records, for
# graduation years; degree names are the majority, so EDUCATION maps to DEGREE.
_REFERENCE: dict[str, str | None] = {
    "PERSON": "NAME",
    "EMAIL": "EMAIL",
    "LOCATION": "LOCATION",
    "DESIGNATION": "DESIGNATION",
    "COMPANY": "COMPANY",
    "EDUCATION": "DEGREE",
    "SKILL": "SKILLS",
}

PRESETS: Mapping[str, LabelMap] = MappingProxyType(
    {
        "dataturks": MappingProxyType(_DATATURKS),
        "reference": MappingProxyType(_REFERENCE),
        "canonical": MappingProxyType(
            {**{label: label for label in CANONICAL_LABELS}, **_DATATURKS, **_REFERENCE}
        ),
        "none": MappingProxyType({}),
    }
)
"""Shipped label maps onto :data:`CANONICAL_LABELS`, by preset name."""

LabelChange = tuple[str, str | None]
"""``(source label, target label or None when dropped)``."""


def build_label_map(preset: str, *extra_maps: LabelMap) -> dict[str, str | None]:
    """Merge a shipped preset with extra maps; later maps win on the same source label.

    Raises:
        ValueError: For an unknown preset or a target that is neither a non-empty string nor
            ``None``, naming it.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown label preset {preset!r}; choose one of {sorted(PRESETS)}")
    merged: dict[str, str | None] = dict(PRESETS[preset])
    for position, extra in enumerate(extra_maps):
        for source, target in extra.items():
            if target is not None and (not isinstance(target, str) or not target.strip()):
                raise ValueError(
                    f"label map {position}: target of {source!r} must be a non-empty label "
                    f"or null, got {target!r}"
                )
            merged[source] = target
    return merged


def map_labels(
    documents: Iterable[Document], mapping: LabelMap
) -> tuple[list[Document], Counter[LabelChange]]:
    """Rename span labels through ``mapping`` (a ``None`` target drops the span; unnamed labels
    are kept), counting ``(source, target)`` pairs over all spans."""
    changes: Counter[LabelChange] = Counter()
    result: list[Document] = []
    for document in documents:
        spans = []
        changed = False
        for span in document.spans:
            target = mapping.get(span.label, span.label)
            changes[(span.label, target)] += 1
            if target is None:
                changed = True
                continue
            if target != span.label:
                changed = True
                spans.append(Span(span.start, span.end, target))
            else:
                spans.append(span)
        result.append(document.with_spans(spans) if changed else document)
    return result, changes
