"""``resume-ner train`` end to end on a tiny config, dry runs, and bad inputs without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner, Result

from resume_ner.cli.train_cmd import train
from resume_ner.data.datasets import generate_resumes

runner = CliRunner()
app = typer.Typer()
app.callback()(lambda: None)
app.command("train")(train)


def _native(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text(json.dumps(records), encoding="utf-8")


@pytest.fixture
def tiny_config(tmp_path: Path, tiny_backbone: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with 15 synthetic resumes and ``tiny.yaml`` training on them."""
    monkeypatch.chdir(tmp_path)
    _native(
        tmp_path / "resumes.json",
        [
            {"text": doc.text, "annotations": [[s.start, s.end, s.label] for s in doc.spans]}
            for doc in generate_resumes(15, seed=3)
        ],
    )
    config = {
        "model": {"backbone": str(tiny_backbone)},
        "data": {
            "sources": [{"path": "resumes.json", "format": "native"}],
            "max_length": 64,
            "stride": 16,
            "split": {"train": 0.6, "validation": 0.2, "test": 0.2},
        },
        "training": {"epochs": 2, "batch_size": 8, "learning_rate": 5e-3, "num_threads": 1},
        "tracking": {"enabled": False},
        "paths": {"output_root": "out"},
    }
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _train(*args: str) -> Result:
    return runner.invoke(app, ["train", *args])


def _clean_error(result: Result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"error: {expected}" in result.output


def test_train_prints_the_summary_then_reuses(tiny_config: Path) -> None:
    first = _train("--config", str(tiny_config))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0].startswith("trained ") and lines[0].endswith("/v1")
    assert "/out/training/bert/" in lines[0]
    assert lines[1].startswith("model: ") and lines[1].endswith("/v1/best")
    assert "best epoch: " in first.output and "span F1" in first.output
    for label in ("NAME", "EMAIL", "SKILLS", "micro"):
        assert label in first.output
    second = _train("--config", str(tiny_config))
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[0] == lines[0].replace("trained", "reused", 1)
    forced = _train("--config", str(tiny_config), "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.stdout.splitlines()[0] == lines[0].replace("/v1", "/v2")


def test_dry_runs_print_the_command_or_the_job(tiny_config: Path) -> None:
    torchrun = _train(
        "--config", str(tiny_config), "--launcher", "torchrun", "--dry-run", "--force"
    )
    assert torchrun.exit_code == 0, torchrun.output
    assert "--nproc_per_node 1" in torchrun.output
    assert "-m resume_ner.cli train --config " in torchrun.output
    assert torchrun.output.strip().endswith("--force")
    sub = _train("--config", str(tiny_config), "--launcher", "subprocess", "--dry-run")
    assert sub.exit_code == 0 and " train --config " in sub.output
    assert not (tiny_config.parent / "out" / "training").exists()
    pytest.importorskip("azure.ai.ml")
    azure = _train("--config", str(tiny_config), "--launcher", "azureml", "--dry-run")
    assert azure.exit_code == 0, azure.output
    job = yaml.safe_load(azure.output)
    assert job["type"] == "command" and "output_root" in job["outputs"]
    _clean_error(
        _train("--config", str(tiny_config), "--dry-run"),
        "a dry run shows what a subprocess, torchrun or azureml launch runs",
    )
    _clean_error(
        _train("--config", str(tiny_config), "--launcher", "slurm"),
        "launcher 'slurm': use one of inprocess, subprocess, torchrun, azureml",
    )


def test_a_backbone_path_that_does_not_exist(tiny_config: Path) -> None:
    result = _train("--config", str(tiny_config), "--set", "model.backbone=/nowhere/bert")
    _clean_error(result, "backbone path /nowhere/bert does not exist")


def test_max_length_beyond_the_backbone(tiny_config: Path) -> None:
    result = _train("--config", str(tiny_config), "--set", "data.max_length=1024")
    _clean_error(result, "max_length 1024 exceeds the backbone's 512 positions")
    assert "set data.max_length to at most 512" in result.output


def test_an_empty_dataset_leaves_no_training_split(tiny_config: Path) -> None:
    _native(tiny_config.parent / "empty.json", [])
    result = _train(
        "--config",
        str(tiny_config),
        "--set",
        'data.sources=[{"path": "empty.json", "format": "native"}]',
    )
    _clean_error(result, "cannot split 0 documents into train/validation/test")


def test_labels_unknown_to_the_schema(tiny_config: Path) -> None:
    records: list[dict[str, object]] = [
        {"text": f"Jane Doe {i}", "annotations": [[0, 8, "NAME"]]} for i in range(4)
    ]
    records.append({"text": "Plays chess", "annotations": [[6, 11, "HOBBY"]]})
    _native(tiny_config.parent / "hobby.json", records)
    result = _train(
        "--config",
        str(tiny_config),
        "--set",
        'data.sources=[{"path": "hobby.json"}]',
        "--set",
        "data.label_preset=none",
        "--set",
        "data.unknown_labels=error",
    )
    _clean_error(result, "")
    assert "has label 'HOBBY', not in the label schema" in result.output


def test_an_unknown_config_key_is_reported_with_its_path(tiny_config: Path) -> None:
    result = _train("--config", str(tiny_config), "--set", "training.epoks=3")
    assert result.exit_code == 1 and "training.epoks" in result.output
    assert "Traceback" not in result.output
