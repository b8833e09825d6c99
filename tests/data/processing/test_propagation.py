"""Mention propagation: annotation conventions read from gold, spans copied to every mention."""

from __future__ import annotations

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import (
    ScoredSpan,
    labels_to_propagate,
    mention_conventions,
    propagate_mentions,
)
from resume_ner.data.processing.propagation import occurrences


def _doc(text: str, *spans: tuple[str, str, int]) -> Document:
    """A document with spans given as (surface, label, which occurrence)."""
    result = []
    for surface, label, nth in spans:
        start = occurrences(text, surface)[nth]
        result.append(Span(start, start + len(surface), label))
    return Document("d", text, tuple(sorted(result, key=lambda s: (s.start, s.end))))


def test_occurrences_respect_word_boundaries() -> None:
    text = "Acme, Acme Corp, Acmeco and NotAcme; (Acme)"
    assert occurrences(text, "Acme") == [0, 6, 38]
    assert occurrences("C++ and C++11 and c++", "C++") == [0, 8]
    assert occurrences("2015-2019, 2015", "2015") == [0, 11]
    assert occurrences("anything", "") == []


def test_conventions_count_repeated_mentions_tagged_everywhere_or_once() -> None:
    everywhere = _doc(
        "Acme Corp hired me.\nAt Acme Corp I led Java.", ("Acme Corp", "COMPANY", 0),
        ("Acme Corp", "COMPANY", 1), ("Java", "SKILLS", 0),
    )  # fmt: skip
    once = _doc("Globex, then Globex again", ("Globex", "COMPANY", 0))
    single = _doc("Initech only once", ("Initech", "COMPANY", 0))
    conventions = mention_conventions([everywhere, once, single])
    assert set(conventions) == {"COMPANY"}  # Java occurs once: no repeated group
    company = conventions["COMPANY"]
    assert (company.repeated, company.all_tagged, company.rate) == (2, 1, 0.5)


def test_a_mention_inside_another_labels_entity_does_not_count_against_the_convention() -> None:
    text = "Python developer. Python Software Foundation"
    doc = Document("d", text, (Span(0, 6, "SKILLS"), Span(18, 44, "COMPANY")))
    assert mention_conventions([doc]) == {}


def test_labels_to_propagate_need_enough_groups_and_rate() -> None:
    tagged = [
        _doc(
            f"Org{i} Ltd and Org{i} Ltd",
            (f"Org{i} Ltd", "COMPANY", 0),
            (f"Org{i} Ltd", "COMPANY", 1),
        )
        for i in range(5)
    ]
    untagged = [_doc(f"Role{i} and Role{i}", (f"Role{i}", "DESIGNATION", 0)) for i in range(5)]
    assert labels_to_propagate([*tagged, *untagged]) == ("COMPANY",)
    assert labels_to_propagate(tagged[:4]) == ()  # 4 groups: too few to trust
    assert labels_to_propagate(tagged, min_groups=1, min_rate=1.01) == ()


def test_propagation_adds_every_free_mention_with_the_source_label_and_score() -> None:
    text = "Acme Corp\nSoftware engineer at Acme Corp (2019). Acme Corporation. acme corp"
    spans = [ScoredSpan(0, 9, "COMPANY", 0.9), ScoredSpan(10, 27, "DESIGNATION", 0.8)]
    result = propagate_mentions(text, spans, ["COMPANY"])
    assert [(text[s.start : s.end], s.label, s.score) for s in result] == [
        ("Acme Corp", "COMPANY", 0.9),
        ("Software engineer", "DESIGNATION", 0.8),
        ("Acme Corp", "COMPANY", 0.9),
    ]  # not inside "Acme Corporation", not the lower-case "acme corp"


def test_propagation_skips_other_labels_overlaps_and_single_characters() -> None:
    text = "Java, Java Script; C and C; Java"
    spans = [
        ScoredSpan(0, 4, "SKILLS", 0.7),
        ScoredSpan(6, 17, "DESIGNATION", 0.6),
        ScoredSpan(19, 20, "SKILLS", 0.9),
    ]
    result = propagate_mentions(text, spans, ["SKILLS"])
    added = [(s.start, s.end, s.label) for s in result if s not in spans]
    assert added == [(28, 32, "SKILLS")]  # "Java" in "Java Script" is taken; "C" too short
    assert propagate_mentions(text, spans, []) == spans
    assert propagate_mentions(text, spans, ["NAME"]) == spans


def test_a_text_found_with_two_labels_propagates_its_best_scored_label() -> None:
    text = "Oracle; Oracle; Oracle"
    spans = [ScoredSpan(0, 6, "SKILLS", 0.4), ScoredSpan(8, 14, "COMPANY", 0.8)]
    result = propagate_mentions(text, spans, ["SKILLS", "COMPANY"])
    assert [(s.start, s.label) for s in result] == [(0, "SKILLS"), (8, "COMPANY"), (16, "COMPANY")]
