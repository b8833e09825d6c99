"""``resume-ner hpo``: study, worker and trial commands, and one-line errors for bad input."""

from __future__ import annotations

from pathlib import Path

import optuna
import pytest
from hpo_fakes import fake_train, write_config
from typer.testing import CliRunner

from resume_ner.cli import hpo_cmd
from resume_ner.training.hpo import trainer

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_trainer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(trainer, "train_trial", fake_train)
    monkeypatch.chdir(tmp_path)


def test_study_runs_and_prints_a_table(tmp_path: Path) -> None:
    config = write_config(tmp_path / "a", n_trials=3)
    result = runner.invoke(hpo_cmd.app, ["--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "study resume-ner-hpo" in result.stdout
    assert "3 trials (" in result.stdout and "this run: 3; best: trial" in result.stdout
    again = runner.invoke(hpo_cmd.app, ["--config", str(config), "--set", "hpo.n_trials=4"])
    assert again.exit_code == 0, again.output
    assert "4 trials (" in again.stdout and "this run: 1;" in again.stdout


def test_worker_joins_the_named_study_in_the_given_storage(tmp_path: Path) -> None:
    config = write_config(tmp_path / "w", n_trials=10)
    url = f"sqlite:///{tmp_path}/shared.db"
    args = ["worker", "--study", "shared", "--storage", url, "--config", str(config)]
    result = runner.invoke(hpo_cmd.app, [*args, "--n-trials", "2"])
    assert result.exit_code == 0, result.output
    study = optuna.load_study(study_name="shared", storage=url)
    assert len(study.trials) == 2


def test_trial_command_trains_one_configuration(tmp_path: Path) -> None:
    config = write_config(tmp_path / "t")
    args = ["trial", "--config", str(config), "--set", "model.dropout=0.25"]
    result = runner.invoke(hpo_cmd.app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("span_f1=0.3000")


def test_unreachable_storage_is_one_line_without_traceback(tmp_path: Path) -> None:
    config = write_config(tmp_path / "u")
    url = "hpo.storage=postgresql://user@127.0.0.1:1/db"
    result = runner.invoke(hpo_cmd.app, ["--config", str(config), "--set", url])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot reach study storage postgresql://user@127.0.0.1:1/db: connection refused\n"
    )
    assert "Traceback" not in result.output


def test_reversed_range_is_reported_with_its_key(tmp_path: Path) -> None:
    extra = "  search_space:\n    model.dropout: {type: float, low: 0.3, high: 0.1}\n"
    config = write_config(tmp_path / "r", extra=extra)
    result = runner.invoke(hpo_cmd.app, ["--config", str(config)])
    assert result.exit_code == 1
    assert 'hpo.search_space."model.dropout": low (0.3) must be <= high (0.1)' in result.stderr


def test_empty_search_space_is_reported(tmp_path: Path) -> None:
    config = write_config(tmp_path / "e", extra="  search_space: {}\n")
    result = runner.invoke(hpo_cmd.app, ["--config", str(config)])
    assert result.exit_code == 1
    assert "hpo: search_space is empty: declare at least one parameter" in result.stderr


def test_k_larger_than_documents_is_reported(tmp_path: Path) -> None:
    config = write_config(tmp_path / "k", extra="  kfold: {enabled: true, k: 50}\n")
    result = runner.invoke(hpo_cmd.app, ["--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: hpo.kfold.k: k=50 folds need at least 50 documents, but the train and "
        "validation splits hold 10\n"
    )


def test_without_config_prints_help() -> None:
    result = runner.invoke(hpo_cmd.app, [])
    assert result.exit_code == 2
    assert "worker" in result.output and "trial" in result.output


def test_sweep_writes_a_validated_azure_ml_job(tmp_path: Path) -> None:
    pytest.importorskip("azure.ai.ml")
    config = write_config(tmp_path / "s")
    out = tmp_path / "sweep.yaml"
    args = ["sweep", "--config", str(config), "--out", str(out), "--trial-config", "c.yaml"]
    result = runner.invoke(hpo_cmd.app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (3 parameters, validated)\n"
    text = out.read_text(encoding="utf-8")
    assert "type: sweep" in text and "${{search_space.model_dropout}}" in text
    submit = runner.invoke(hpo_cmd.app, [*args, "--submit"])
    assert submit.exit_code == 1
    missing = "error: cannot submit to Azure ML: the workspace is not configured; set "
    assert missing + "RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID" in submit.stderr
