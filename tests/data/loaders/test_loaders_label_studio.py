"""Label Studio reader: first non-cancelled annotation, text key, multi-label results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import DataFormatError, Span, read_label_studio

TEXT = "Jane Doe lives in Pune"


def _result(start: int, end: int, *labels: str, kind: str = "labels") -> dict[str, object]:
    return {
        "from_name": "label",
        "to_name": "text",
        "type": kind,
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": list(labels)},
    }


def _task(task_id: int, annotations: list[dict[str, object]], **data: object) -> dict[str, object]:
    return {
        "id": task_id,
        "data": data or {"text": TEXT},
        "annotations": annotations,
        "predictions": [],
    }


def _write(path: Path, tasks: list[object]) -> Path:
    path.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    return path


def test_uses_first_non_cancelled_annotation(tmp_path: Path) -> None:
    tasks = [
        _task(
            1,
            [
                {"id": 10, "was_cancelled": True, "result": [_result(0, 4, "NAME")]},
                {
                    "id": 11,
                    "was_cancelled": False,
                    "result": [_result(0, 8, "NAME", "PERSON"), _result(18, 22, "LOC")],
                },
                {"id": 12, "result": [_result(0, 22, "OTHER")]},
            ],
        )
    ]
    (document,) = read_label_studio(_write(tmp_path / "export.json", tasks))
    assert document.id == "1"
    assert document.spans == (Span(0, 8, "NAME"), Span(0, 8, "PERSON"), Span(18, 22, "LOC"))
    assert document.meta["loader_notes"] == {"cancelled_annotation_skipped": 1}
    assert document.meta["record"] == 0


def test_non_label_results_are_ignored_and_predictions_never_read(tmp_path: Path) -> None:
    task = _task(
        2, [{"result": [_result(0, 8, "NAME"), {"type": "choices", "value": {"choices": ["a"]}}]}]
    )
    task["predictions"] = [{"result": [_result(18, 22, "LOC")]}]
    unannotated = {
        "id": 3,
        "data": {"text": TEXT},
        "predictions": [{"result": [_result(0, 8, "NAME")]}],
    }
    first, second = read_label_studio(_write(tmp_path / "export.json", [task, unannotated]))
    assert first.spans == (Span(0, 8, "NAME"),)
    assert second.spans == ()
    assert second.meta["unannotated"] is True


def test_text_is_the_first_string_field(tmp_path: Path) -> None:
    task = _task(4, [{"result": [_result(0, 8, "NAME")]}], title=TEXT, body="other text")
    assert read_label_studio(_write(tmp_path / "export.json", [task]))[0].text == TEXT


@pytest.mark.parametrize(
    ("task", "field", "message"),
    [
        ({"annotations": []}, "data", "missing field"),
        ({"data": {"n": 1}, "annotations": []}, "data", "no string field"),
        (
            {
                "data": {"text": TEXT},
                "annotations": [
                    {
                        "result": [
                            {"type": "labels", "value": {"start": "0", "end": 3, "labels": ["X"]}}
                        ]
                    }
                ],
            },
            "annotations[0].result[0].value.start",
            "expected an integer, got '0'",
        ),
        (
            {
                "data": {"text": TEXT},
                "annotations": [
                    {"result": [{"type": "labels", "value": {"start": 0, "end": 3, "labels": "X"}}]}
                ],
            },
            "annotations[0].result[0].value.labels",
            "expected a list",
        ),
        (
            {"data": {"text": TEXT}, "annotations": [{"id": 1}]},
            "annotations[0].result",
            "missing field",
        ),
    ],
)
def test_malformed_tasks_name_record_and_field(
    tmp_path: Path, task: dict[str, object], field: str, message: str
) -> None:
    path = _write(tmp_path / "export.json", [_task(1, []), task])
    with pytest.raises(DataFormatError) as info:
        read_label_studio(path)
    assert str(info.value).startswith(f"{path}: record 1: field {field!r}: ")
    assert message in str(info.value)
