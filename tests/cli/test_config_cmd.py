"""``resume-ner config show|validate`` through the root typer app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.infrastructure.config import clear_config_cache

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("MLFLOW_TRACKING_URI", "RESUME_NER_SERVE__API_KEYS", "RESUME_NER_TRAINING__SEED"):
        monkeypatch.delenv(name, raising=False)
    clear_config_cache()
    yield
    clear_config_cache()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_show_prints_resolved_yaml_with_overrides(tmp_path: Path) -> None:
    config = write(tmp_path / "c.yaml", "training: {epochs: 3}\n")
    result = runner.invoke(app, ["config", "show", str(config), "--set", "training.seed=7"])
    assert result.exit_code == 0, result.output
    shown = yaml.safe_load(result.stdout)
    assert shown["training"]["epochs"] == 3
    assert shown["training"]["seed"] == 7
    assert shown["hpo"]["search_space"]["training.learning_rate"]["type"] == "float"


def test_show_json_masks_secrets() -> None:
    result = runner.invoke(
        app,
        ["config", "show", "--json", "-s", "serve.api_keys=[top-secret]"],
        env={"RESUME_NER_TRAINING__SEED": "11"},
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["serve"]["api_keys"] == ["**********"]
    assert shown["training"]["seed"] == 11
    assert "top-secret" not in result.output


def test_show_sources(tmp_path: Path) -> None:
    config = write(tmp_path / "c.yaml", "training: {epochs: 3}\n")
    result = runner.invoke(
        app, ["config", "show", str(config), "--sources", "--json", "--set", "training.seed=1"]
    )
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)
    assert sources["training.epochs"] == str(config.resolve())
    assert sources["training.seed"] == "override: training.seed=1"
    assert sources["model.dropout"] == "default"


def test_validate_ok(tmp_path: Path) -> None:
    config = write(tmp_path / "ok.yaml", "training: {epochs: 3}\n")
    result = runner.invoke(app, ["config", "validate", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"OK: {config} valid\n"


def test_validate_lists_every_problem_on_stderr_and_exits_1(tmp_path: Path) -> None:
    config = write(tmp_path / "bad.yaml", "training:\n  lerning_rate: 1e-3\n  epochs: lots\n")
    result = runner.invoke(app, ["config", "validate", str(config), "--set", "serve.port=0"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "Invalid configuration (3 problems):"
    assert lines[1].startswith("  training.epochs: Input should be a valid integer")
    assert lines[2] == (
        "  training.lerning_rate: Extra inputs are not permitted (did you mean "
        f"'learning_rate'?) (source: {config.resolve()})"
    )
    assert lines[3] == (
        "  serve.port: Input should be greater than or equal to 1 (source: override: serve.port=0)"
    )
    assert "Traceback" not in result.output


def test_validate_missing_file_and_malformed_override(tmp_path: Path) -> None:
    result = runner.invoke(app, ["config", "validate", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert f"{(tmp_path / 'none.yaml').resolve()}: no such file" in result.stderr
    result = runner.invoke(app, ["config", "show", "--set", "training.epochs"])
    assert result.exit_code == 1
    assert "override: training.epochs: malformed override: expected key=value" in result.stderr


def test_validate_requires_files() -> None:
    result = runner.invoke(app, ["config", "validate"])
    assert result.exit_code == 2
