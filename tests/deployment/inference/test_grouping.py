"""Tests of the recruiter-field grouping."""

from __future__ import annotations

from resume_ner.deployment.inference import Entity, group_fields


def _e(label: str, text: str, start: int, score: float = 0.9) -> Entity:
    return Entity(label, start, start + len(text), text, score)


def test_fields_are_grouped_deduplicated_and_ordered() -> None:
    entities = [
        _e("SKILLS", "Python", 50),
        _e("NAME", "Jane Doe", 0, 0.99),
        _e("NAME", "Doe", 300, 0.40),
        _e("SKILLS", "python ", 90),
        _e("SKILLS", "SQL,", 70),
        _e("EMAIL", "jane@x.io", 20),
        _e("COMPANY", "Acme", 120),
        _e("CUSTOM", "thing", 130),
    ]
    fields = group_fields(entities)
    assert fields["name"] == "Jane Doe"
    assert fields["skills"] == ["Python", "SQL"]
    assert fields["emails"] == ["jane@x.io"]
    assert fields["companies"] == ["Acme"]
    assert fields["phones"] == []
    assert fields["other"] == {"CUSTOM": ["thing"]}


def test_no_entities_gives_empty_fields() -> None:
    fields = group_fields([])
    assert fields["name"] is None
    assert "other" not in fields
    assert all(v == [] for k, v in fields.items() if k != "name")
