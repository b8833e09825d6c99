"""Canonical labels, shipped presets, merged label maps and relabelling with counts."""

from __future__ import annotations

import pytest

from resume_ner.data.loaders import Document, Span
from resume_ner.data.processing.labels import (
    CANONICAL_LABELS,
    PRESETS,
    build_label_map,
    map_labels,
)


def test_canonical_labels_and_presets() -> None:
    assert CANONICAL_LABELS == (
        "NAME", "EMAIL", "PHONE", "LOCATION", "DESIGNATION", "COMPANY", "DEGREE", "COLLEGE",
        "GRADUATION_YEAR", "YEARS_OF_EXPERIENCE", "SKILLS",
    )  # fmt: skip
    assert set(PRESETS) == {"dataturks", "reference", "canonical", "none"}
    for name in ("dataturks", "reference", "canonical"):
        targets = {t for t in PRESETS[name].values() if t is not None}
        assert targets <= set(CANONICAL_LABELS), name
    dataturks = PRESETS["dataturks"]
    assert dataturks["Companies worked at"] == "COMPANY"
    assert dataturks["Email Address"] == "EMAIL"
    assert dataturks["UNKNOWN"] is None
    assert PRESETS["reference"]["PERSON"] == "NAME"
    assert PRESETS["reference"]["EDUCATION"] == "DEGREE"
    assert PRESETS["reference"]["SKILL"] == "SKILLS"
    canonical = PRESETS["canonical"]
    assert all(canonical[label] == label for label in CANONICAL_LABELS)
    assert canonical["Name"] == canonical["PERSON"] == "NAME"
    assert PRESETS["none"] == {}


def test_build_label_map_merges_in_order() -> None:
    merged = build_label_map("dataturks", {"UNKNOWN": "SKILLS"}, {"Hobby": None, "UNKNOWN": "NAME"})
    assert merged["UNKNOWN"] == "NAME"
    assert merged["Hobby"] is None
    assert merged["Name"] == "NAME"
    assert build_label_map("none", {"a": "B"}) == {"a": "B"}


def test_build_label_map_rejects_bad_input() -> None:
    with pytest.raises(
        ValueError, match=r"unknown label preset 'spacy'; choose one of \['canonical'"
    ):
        build_label_map("spacy")
    with pytest.raises(
        ValueError, match="label map 0: target of 'x' must be a non-empty label or null"
    ):
        build_label_map("none", {"x": " "})


def test_map_labels_relabels_drops_and_counts() -> None:
    documents = [
        Document("a", "Jane at Acme", (Span(0, 4, "Name"), Span(8, 12, "Companies worked at"))),
        Document("b", "??? Jane", (Span(0, 3, "UNKNOWN"), Span(4, 8, "Hobby"))),
    ]
    mapped, changes = map_labels(documents, build_label_map("dataturks"))
    assert mapped[0].spans == (Span(0, 4, "NAME"), Span(8, 12, "COMPANY"))
    assert mapped[1].spans == (Span(4, 8, "Hobby"),)
    assert changes == {
        ("Name", "NAME"): 1,
        ("Companies worked at", "COMPANY"): 1,
        ("UNKNOWN", None): 1,
        ("Hobby", "Hobby"): 1,
    }
    assert mapped[0].meta == documents[0].meta


def test_unchanged_documents_are_returned_as_they_are() -> None:
    document = Document("a", "Jane", (Span(0, 4, "NAME"),))
    mapped, _ = map_labels([document], PRESETS["canonical"])
    assert mapped[0] is document
