"""``resume-ner check``: one pass/fail report, every problem listed, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from resume_ner.cli import check_cmd
from resume_ner.testing.fixtures import build_tiny_dataset

runner = CliRunner()


def _cli() -> typer.Typer:
    """The real app when ``check`` is registered there, else a root registered the same way."""
    from resume_ner.cli.app import app

    if any(command.name == "check" for command in app.registered_commands):
        return app
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Root."""

    root.command("check")(check_cmd.check)
    return root


@pytest.fixture
def good_config(tmp_path: Path, tiny_backbone: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    build_tiny_dataset(tmp_path / "tiny.jsonl", n=30, max_chars=800)
    config = {
        "data": {"sources": [{"path": "tiny.jsonl", "format": "native"}]},
        "model": {"backbone": str(tiny_backbone)},
        "training": {"batch_size": 2},
        "hpo": {
            "kfold": {"enabled": True, "k": 3},
            "search_space": {"training.batch_size": {"type": "categorical", "choices": [2, 3]}},
        },
    }
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_good_config_passes(good_config: Path) -> None:
    result = runner.invoke(_cli(), ["check", "--suite", "preflight", str(good_config)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"[PASS] config.sources: data.sources[0].path: {good_config.parent / 'tiny.jsonl'}" in lines
    )
    assert any(line.startswith("[PASS] kfold.partition: each of 30 documents") for line in lines)
    assert lines[-1].startswith("preflight PASSED: 0 failed")


def test_json_report(good_config: Path) -> None:
    result = runner.invoke(_cli(), ["check", str(good_config), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["suite"] == "preflight" and report["passed"] is True
    assert report["counts"]["fail"] == 0
    assert {"name", "status", "message"} <= set(report["results"][0])


def test_broken_config_fails_listing_every_problem(good_config: Path) -> None:
    args = [
        "check",
        str(good_config),
        "--set",
        "data.sources=[{path: gone.jsonl}]",
        "--set",
        "model.backbone=./no-backbone",
        "--set",
        'hpo.search_space."model.dropout"={type: float, low: 0.0, high: 1.5}',
    ]
    result = runner.invoke(_cli(), args)
    assert result.exit_code == 1, result.output
    failures = [line for line in result.output.splitlines() if line.startswith("[FAIL]")]
    assert len(failures) == 3
    assert failures[0].startswith(
        "[FAIL] config.sources: data.sources[0].path: 'gone.jsonl' does not exist"
    )
    assert failures[1] == (
        f"[FAIL] config.backbone: model.backbone: backbone folder "
        f"{good_config.parent / 'no-backbone'} does not exist"
    )
    assert failures[2] == (
        '[FAIL] config.search_space: hpo.search_space."model.dropout": value 1.5 is invalid for '
        "model.dropout: Input should be less than 1"
    )
    assert result.output.splitlines()[-1].startswith("preflight FAILED: 3 failed")


def test_broken_dataset_fails_listing_every_problem(good_config: Path) -> None:
    records = [
        {"id": "a", "text": "Jane Doe", "annotations": [[0, 8, "NAME"], [0, 4, "NAME"]]},
        {"id": "b", "text": "Bob bob@y.io", "annotations": [[0, 3, "NAME"], [4, 12, "Mail"]]},
        {"id": "c", "text": "   ", "annotations": []},
    ]
    bad = good_config.parent / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in records))
    args = ["check", str(good_config), "-s", "data.sources=[{path: bad.jsonl}]"]
    args += ["-s", "data.label_preset=none", "-s", "data.overlap_policy=error"]
    args += ["-s", "data.unknown_labels=error", "-s", "data.labels=[NAME, EMAIL]"]
    result = runner.invoke(_cli(), args)
    assert result.exit_code == 1, result.output
    failed = [
        line.split(":")[0] for line in result.output.splitlines() if line.startswith("[FAIL]")
    ]
    assert failed == [
        "[FAIL] dataset.unknown_labels",
        "[FAIL] dataset.overlaps",
        "[FAIL] edge.split",
        "[FAIL] config.kfold",
    ]
    assert (
        "[WARN] dataset.empty_documents: 1 empty or whitespace-only document(s) will be dropped: 'c' (bad.jsonl:3)"
        in result.output
    )


def test_override_can_fix_a_config(good_config: Path) -> None:
    broken = runner.invoke(_cli(), ["check", str(good_config), "-s", "hpo.kfold.k=31"])
    assert broken.exit_code == 1
    assert "[FAIL] config.kfold: hpo.kfold.k=31 needs at least 31 documents" in broken.output
    fixed = runner.invoke(_cli(), ["check", str(good_config), "-s", "hpo.kfold.k=2"])
    assert fixed.exit_code == 0, fixed.output


def test_invalid_config_and_unknown_suite(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("training:\n  epochs: 0\n")
    result = runner.invoke(_cli(), ["check", str(path)])
    assert result.exit_code == 1
    assert (
        "[FAIL] config.load: training.epochs: Input should be greater than or equal to 1"
        in result.output
    )
    unknown = runner.invoke(_cli(), ["check", "--suite", "everything", str(path)])
    assert unknown.exit_code == 2
    assert "error: unknown suite 'everything'; known suites: preflight, artifact" in unknown.output


def test_artifact_suite_exit_code(tmp_path: Path) -> None:
    result = runner.invoke(_cli(), ["check", "--suite", "artifact", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        f"[FAIL] artifact.files: no model file (model.safetensors, model.onnx, model.int8.onnx) in {tmp_path} or below"
        in result.output
    )
