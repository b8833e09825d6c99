"""Group a document's entities into the fields a recruiter wants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from resume_ner.deployment.inference.types import Entity

FIELD_OF_LABEL: dict[str, str] = {
    "NAME": "name",
    "EMAIL": "emails",
    "PHONE": "phones",
    "LOCATION": "locations",
    "DESIGNATION": "titles",
    "COMPANY": "companies",
    "DEGREE": "degrees",
    "COLLEGE": "colleges",
    "GRADUATION_YEAR": "graduation_years",
    "YEARS_OF_EXPERIENCE": "years_of_experience",
    "SKILLS": "skills",
}
"""Canonical label -> grouped field name; ``name`` is a single value, the rest are lists."""

_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip(" \t,;:|-•*")


def group_fields(entities: Iterable[Entity]) -> dict[str, Any]:
    """Recruiter fields of one document: de-duplicated (case-insensitively), in document order.

    ``name`` is the highest-scoring NAME entity (or ``None``); every other canonical label
    becomes a list. Labels outside the canonical schema go to ``other`` keyed by label.
    """
    ordered = sorted(entities, key=lambda e: (e.start, e.end))
    fields: dict[str, Any] = {name: [] for name in FIELD_OF_LABEL.values() if name != "name"}
    fields["name"] = None
    other: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    names = [e for e in ordered if e.label == "NAME"]
    if names:
        fields["name"] = _clean(max(names, key=lambda e: e.score).text)
    for entity in ordered:
        if entity.label == "NAME":
            continue
        value = _clean(entity.text)
        key = (entity.label, value.casefold())
        if not value or key in seen:
            continue
        seen.add(key)
        target = FIELD_OF_LABEL.get(entity.label)
        if target is None:
            other.setdefault(entity.label, []).append(value)
        else:
            fields[target].append(value)
    if other:
        fields["other"] = other
    return fields
