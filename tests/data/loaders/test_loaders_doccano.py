"""Doccano reader: ``label`` lists, ``entities`` objects, ``data`` text key, malformed input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import DataFormatError, Span, read_doccano

TEXT = "Jane Doe, Python developer"


def _write(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_label_lists_and_entity_objects(tmp_path: Path) -> None:
    records = [
        {"id": 11, "text": TEXT, "label": [[0, 8, "PER"], [10, 16, "SKILL"]]},
        {
            "id": 12,
            "data": TEXT,
            "entities": [{"id": 1, "start_offset": 10, "end_offset": 16, "label": "SKILL"}],
        },
    ]
    first, second = read_doccano(_write(tmp_path / "doccano.jsonl", records))
    assert first.id == "11"
    assert first.spans == (Span(0, 8, "PER"), Span(10, 16, "SKILL"))
    assert second.text == TEXT
    assert second.spans == (Span(10, 16, "SKILL"),)
    assert second.meta == {
        "source": str(tmp_path / "doccano.jsonl"),
        "format": "doccano",
        "record": 1,
        "line": 2,
    }


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        ({"label": []}, "text", "missing field"),
        ({"text": TEXT}, "label", "missing field"),
        ({"text": TEXT, "label": [[0, 8.5, "PER"]]}, "label[0][1]", "expected an integer, got 8.5"),
        ({"text": TEXT, "label": ["PER"]}, "label[0]", "expected [start, end, label]"),
        (
            {"text": TEXT, "entities": [{"start_offset": 0, "label": "PER"}]},
            "entities[0].end_offset",
            "missing field",
        ),
        (
            {"text": TEXT, "entities": [{"start_offset": 0, "end_offset": True, "label": "P"}]},
            "entities[0].end_offset",
            "expected an integer, got True",
        ),
    ],
)
def test_malformed_records(
    tmp_path: Path, record: dict[str, object], field: str, message: str
) -> None:
    path = _write(tmp_path / "doccano.jsonl", [{"text": "ok", "label": []}, record])
    with pytest.raises(DataFormatError) as info:
        read_doccano(path)
    assert str(info.value).startswith(f"{path}:2: field {field!r}: ")
    assert message in str(info.value)
