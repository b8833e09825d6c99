"""Tests of ``resume-ner data`` through the real typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_ner.cli.app import app

runner = CliRunner()

NATIVE = (
    '[{"id": "a", "text": "Jane Doe  jane@x.io", "annotations": [[0, 9, "PERSON"], [10, 19, "EMAIL"]]},'
    ' {"id": "b", "text": "Bob Roe bob@y.io", "annotations": [[0, 7, "PERSON"], [0, 3, "PERSON"]]}]'
)


@pytest.fixture
def native_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data.json"
    path.write_text(NATIVE, encoding="utf-8")
    return path


def test_validate_prints_every_fix_and_strict_fails(native_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "validate", str(native_file), "--preset", "reference"])
    assert result.exit_code == 0, result.output
    assert "whitespace" in result.output
    assert "overlap" in result.output
    report = tmp_path / "report.json"
    strict = runner.invoke(
        app,
        [
            "data",
            "validate",
            str(native_file),
            "--preset",
            "reference",
            "--strict",
            "--report",
            str(report),
        ],
    )
    assert strict.exit_code == 1
    assert json.loads(report.read_text())["documents"]["in"] == 2


def test_inspect_file_and_bundled_as_json(native_file: Path) -> None:
    result = runner.invoke(
        app, ["data", "inspect", str(native_file), "--preset", "reference", "--json"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["splits"]["all"]["documents"] == 2
    bundled = runner.invoke(app, ["data", "inspect", "bundled:demo"])
    assert bundled.exit_code == 0, bundled.output
    assert "SKILLS" in bundled.output


def test_convert_round_trip(native_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["data", "convert", str(native_file), str(out)])
    assert result.exit_code == 0, result.output
    assert "(2 documents)" in result.output
    assert len(out.read_text().splitlines()) == 2


def test_split_writes_then_reuses(native_file: Path, tmp_path: Path) -> None:
    args = [
        "data",
        "split",
        "--set",
        'data.sources=[{"path": "data.json"}]',
        "--set",
        "data.label_preset=reference",
        "--set",
        "data.split={train: 0.5, validation: 0.5, test: 0.0}",
        "--set",
        "data.name=tiny",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "dataset written" in first.output
    second = runner.invoke(app, args)
    assert "dataset reused" in second.output


def test_bad_inputs_fail_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(app, ["data", "inspect", "nope.json"])
    assert missing.exit_code == 1
    assert "nope.json" in missing.output
    assert "Traceback" not in missing.output
    (tmp_path / "bad.jsonl").write_text('{"text": "a", "annotations": []}\n{oops\n')
    bad = runner.invoke(app, ["data", "validate", "bad.jsonl", "--format", "native"])
    assert bad.exit_code == 1
    assert "bad.jsonl:2" in bad.output
    config = runner.invoke(app, ["data", "split", "--set", "data.sedd=1"])
    assert config.exit_code == 1
    assert "data.sedd" in config.output
