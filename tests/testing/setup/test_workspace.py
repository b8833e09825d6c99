"""The isolated workspace: private stores inside, the environment restored after."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import load_config
from resume_ner.testing.setup import isolated_workspace


@pytest.fixture
def outer_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "RESUME_NER_TRAINING__EPOCHS": "7",
        "MLFLOW_TRACKING_URI": "http://outer:5000",
        "MLFLOW_EXPERIMENT_NAME": "outer",
        "UNRELATED_VAR": "kept",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RESUME_NER_PATHS__OUTPUT_ROOT", raising=False)
    return values


def test_stores_and_env_point_into_the_workspace(outer_env: dict[str, str]) -> None:
    before = dict(os.environ)
    with isolated_workspace() as ws:
        assert ws.root.is_dir() and ws.output_root == ws.root / "outputs"
        assert ws.mlflow_uri == f"sqlite:///{(ws.output_root / 'mlflow.db').as_posix()}"
        assert ws.optuna_url == f"sqlite:///{(ws.output_root / 'optuna.db').as_posix()}"
        assert os.environ["MLFLOW_TRACKING_URI"] == ws.mlflow_uri
        assert os.environ["RESUME_NER_PATHS__OUTPUT_ROOT"] == str(ws.output_root)
        assert os.environ["RESUME_NER_HPO__STORAGE"] == ws.optuna_url
        assert os.environ["HF_HUB_OFFLINE"] == "1"
        assert "RESUME_NER_TRAINING__EPOCHS" not in os.environ  # outer settings hidden
        assert "MLFLOW_EXPERIMENT_NAME" not in os.environ
        assert os.environ["UNRELATED_VAR"] == "kept"
        config = load_config(())
        assert config.paths.output_root == str(ws.output_root)
        assert config.tracking.uri == ws.mlflow_uri
        assert config.hpo.storage == ws.optuna_url
        assert config.training.epochs != 7
        root = ws.root
    assert dict(os.environ) == before
    assert not root.exists()


def test_overrides_point_a_config_at_the_workspace(tmp_path: Path) -> None:
    with isolated_workspace(tmp_path / "ws", offline=False) as ws:
        assert "HF_HUB_OFFLINE" not in ws.env
        overrides = ws.overrides()
    config = load_config((), overrides, env={})
    assert config.paths.output_root == (tmp_path / "ws" / "outputs").as_posix()
    assert config.tracking.uri == ws.mlflow_uri and config.hpo.storage == ws.optuna_url
    assert (tmp_path / "ws" / "outputs").is_dir()  # a given root is kept


def test_restored_after_an_error_and_chdir(outer_env: dict[str, str], tmp_path: Path) -> None:
    before, cwd = dict(os.environ), Path.cwd()
    with pytest.raises(RuntimeError, match="boom"), isolated_workspace(chdir=True, keep=True) as ws:
        assert Path.cwd() == ws.root
        os.environ["SET_INSIDE"] = "x"
        raise RuntimeError("boom")
    assert dict(os.environ) == before and Path.cwd() == cwd
    assert ws.root.is_dir()  # keep=True


def test_extra_env() -> None:
    with isolated_workspace(extra_env={"RESUME_NER_TRAINING__EPOCHS": "2"}):
        assert load_config(()).training.epochs == 2
