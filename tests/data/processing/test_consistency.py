"""Tests of the label-noise report: each finding on hand-made documents, the command's exit code
and a run on the real DataTurks export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from resume_ner.cli.annotate_consistency import consistency
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.consistency import consistency_report, normalise

runner = CliRunner()


def _doc(doc_id: str, text: str, *marks: tuple[str, str, int]) -> Document:
    """A document whose spans are ``(surface, label, n-th occurrence)``."""
    spans = []
    for surface, label, nth in marks:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        spans.append(Span(start, start + len(surface), label))
    return Document(doc_id, text, tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label))))


def test_normalise_casefolds_and_collapses_whitespace() -> None:
    assert normalise("  SAP\n\t ABAP ") == "sap abap"


def test_same_string_with_two_labels_is_one_conflict() -> None:
    docs = [
        _doc("a", "Worked at Oracle", ("Oracle", "COMPANY", 0)),
        _doc("b", "Joined ORACLE", ("ORACLE", "COMPANY", 0)),
        _doc("c", "Skills: oracle", ("oracle", "SKILLS", 0)),
    ]
    report = consistency_report(docs)
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.surface == "oracle"
    assert conflict.labels == {"COMPANY": 2, "SKILLS": 1}
    assert conflict.documents[0] == "c"  # the minority label's document comes first
    assert set(conflict.documents) == {"a", "b", "c"}
    assert report.missed == ()
    assert report.involved == {"conflicts": 1, "missed": 0, "boundaries": 0}
    assert report.noise_rate == pytest.approx(1 / 3)


def test_untagged_repeat_in_the_same_document_is_a_missed_mention() -> None:
    text = "Acme Corp hired me.\nAt ACME  corp I led teams. Acmeco differs. Title: Acme Corp Lead"
    doc = _doc("a", text, ("Acme Corp", "COMPANY", 0), ("Acme Corp Lead", "DESIGNATION", 0))
    report = consistency_report([doc])
    assert [(m.document, m.label, m.surface, m.start, m.tagged_at) for m in report.missed] == [
        ("a", "COMPANY", "acme corp", text.index("ACME  corp"), 0)
    ]
    assert report.missed_by_label() == {"COMPANY": 1}
    assert report.conflicts == ()
    assert report.involved["missed"] == 1
    assert report.noisy_mentions == 1
    assert report.noise_rate == pytest.approx(1 / 2)


def test_list_and_single_spans_per_label() -> None:
    items = ["Python, Java", "SQL | Excel", "Go", "Rust", "C++"]
    docs = [_doc(str(i), item, (item, "SKILLS", 0)) for i, item in enumerate(items)]
    report = consistency_report(docs)
    (skills,) = report.boundaries
    assert (skills.label, skills.spans, skills.list_spans, skills.single_spans) == (
        "SKILLS",
        5,
        2,
        3,
    )
    assert skills.convention == "single"
    assert skills.separators == {",": 1, "|": 1}
    assert skills.chars == {"min": 2.0, "median": 4.0, "p90": 12.0, "max": 12.0}
    assert [text for _, text in skills.list_examples] == ["Python, Java", "SQL | Excel"]
    assert report.involved == {"conflicts": 0, "missed": 0, "boundaries": 2}
    assert report.noise_rate == pytest.approx(2 / 5)


def test_clean_set_has_no_noise_and_renders() -> None:
    docs = [
        _doc("a", "Jane Doe at Acme", ("Jane Doe", "NAME", 0), ("Acme", "COMPANY", 0)),
        _doc("b", "John Roe at Initech", ("John Roe", "NAME", 0), ("Initech", "COMPANY", 0)),
    ]
    report = consistency_report(docs)
    assert report.noisy_mentions == 0
    assert report.noise_rate == 0.0
    assert consistency_report([]).noise_rate == 0.0
    assert json.loads(json.dumps(report.to_dict()))["mentions"] == 4
    assert report.render(top=5).startswith("2 documents, 4 labelled mentions")


def test_render_shows_top_findings_only() -> None:
    docs = [
        _doc(f"d{i}", f"{word} and {word}", (word, "SKILLS", 0))
        for i, word in enumerate(["alpha", "beta", "gamma"])
    ]
    text = consistency_report(docs).render(top=2)
    assert "untagged elsewhere in the document (3)" in text
    assert "'alpha'" in text and "'beta'" in text and "'gamma'" not in text


NATIVE = [
    {"id": "a", "text": "Worked at Oracle", "annotations": [[10, 16, "COMPANY"]]},
    {"id": "b", "text": "Skills: oracle", "annotations": [[8, 14, "SKILLS"]]},
    {"id": "c", "text": "Joined Oracle", "annotations": [[7, 13, "COMPANY"]]},
    {"id": "d", "text": "Jane Doe", "annotations": [[0, 8, "NAME"]]},
]


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("consistency")(consistency)
    app.command("noop")(lambda: None)  # a second command keeps "consistency" a subcommand
    return app


@pytest.fixture
def native_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data.json"
    path.write_text(json.dumps(NATIVE), encoding="utf-8")
    return path


def test_command_exits_1_only_above_the_threshold(native_file: Path) -> None:
    args = ["consistency", str(native_file), "--format", "native", "--preset", "none"]
    plain = runner.invoke(_app(), args)
    assert plain.exit_code == 0, plain.output
    assert "noise rate 25.0%" in plain.output
    assert "'oracle': COMPANY 2, SKILLS 1" in plain.output
    assert runner.invoke(_app(), [*args, "--fail-above", "0.25"]).exit_code == 0
    above = runner.invoke(_app(), [*args, "--fail-above", "0.2"])
    assert above.exit_code == 1
    assert "above 20.0%" in above.output
    data = json.loads(runner.invoke(_app(), [*args, "--json"]).stdout)
    assert data["noise_rate"] == 0.25
    assert data["conflicts"][0]["labels"] == {"COMPANY": 2, "SKILLS": 1}


def test_command_on_the_dataturks_export(shared_data: Path) -> None:
    path = shared_data / "dataturks" / "traindata.jsonl"
    if not path.is_file():
        pytest.skip(f"DataTurks export not found at {path}")
    args = ["consistency", str(path), "--format", "dataturks", "--preset", "dataturks"]
    result = runner.invoke(_app(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] > 100
    assert 0 < data["noisy_mentions"] < data["mentions"]
    assert data["noise_rate"] == round(data["noisy_mentions"] / data["mentions"], 4)
    skills = next(item for item in data["boundaries"] if item["label"] == "SKILLS")
    assert skills["list_spans"] > 0 and skills["single_spans"] > 0
    assert data["conflicts"] and data["missed"]
    assert runner.invoke(_app(), [*args, "--fail-above", "0"]).exit_code == 1
    assert runner.invoke(_app(), [*args, "--fail-above", "1"]).exit_code == 0
