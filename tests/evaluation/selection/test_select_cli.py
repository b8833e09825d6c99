"""``resume-ner select``: prints the table, the choice and why; writes selection.json."""

from __future__ import annotations

from pathlib import Path

import optuna
import pytest
from typer.testing import CliRunner

from resume_ner.cli import select_cmd
from resume_ner.evaluation.selection import load_selection

runner = CliRunner()


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        f'paths: {{output_root: "{tmp_path}/out"}}\ntracking: {{enabled: false}}\n'
        "selection: {tolerance: 0.02}\n",
        encoding="utf-8",
    )
    return path


def _make_study(url: str) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name="resume-ner-hpo", storage=url, direction="maximize")
    space = {"training.learning_rate": optuna.distributions.FloatDistribution(1e-5, 1e-3)}
    for lr, value, count in [(2e-4, 0.80, 30), (3e-4, 0.79, 10), (1e-5, 0.5, 1)]:
        study.add_trial(
            optuna.trial.create_trial(
                params={"training.learning_rate": lr},
                distributions=space,
                value=value,
                user_attrs={"param_count": count, "backbone": "bb"},
            )
        )


def test_select_prints_and_writes_the_choice(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (tmp_path / "out").mkdir()
    _make_study(f"sqlite:///{tmp_path}/out/optuna.db")
    result = runner.invoke(select_cmd.app, ["--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "chosen: trial 1 of study resume-ner-hpo" in result.stdout
    assert "training.learning_rate = 0.0003" in result.stdout
    assert "why: trial 1 of study resume-ner-hpo has the fewest parameters" in result.stdout
    written = result.stdout.split("written: ")[1].strip()
    assert load_selection(written).chosen.trial == 1
    fast = runner.invoke(select_cmd.app, ["--config", str(config), "--latency", "bb=3.5"])
    assert fast.exit_code == 0, fast.output
    assert "lowest benchmark latency (3.5 ms)" in fast.stdout


def test_select_errors_are_one_line(tmp_path: Path) -> None:
    config = _config(tmp_path)
    result = runner.invoke(select_cmd.app, ["--config", str(config), "--latency", "bb"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --latency 'bb': expected BACKBONE=MILLISECONDS, e.g. minilm=12.5\n"
    )
    bad = "postgresql://u:secret@127.0.0.1:1/db"
    result = runner.invoke(select_cmd.app, ["--config", str(config), "--storage", bad])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot reach study storage postgresql://u:***@127.0.0.1:1/db: connection refused\n"
    )


@pytest.mark.parametrize("items", [["a=1", "b=2.5"], []])
def test_parse_latencies(items: list[str]) -> None:
    expected = {"a": 1.0, "b": 2.5} if items else {}
    assert select_cmd.parse_latencies(items) == expected
