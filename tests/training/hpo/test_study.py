"""run_hpo with a cheap fake trainer: budget, resume, pruning, k-fold, retention, errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import optuna
import pytest
from hpo_configs import dropout_only, make_config
from hpo_fakes import study

from resume_ner.infrastructure.config import ConfigError, ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import Callback, CallbackList
from resume_ner.training.hpo import HpoError, TrialData, TrialProgress


def _trial_dirs(layout: OutputLayout, study: str) -> list[str]:
    folder = layout.stage_dir("hpo", study=study) / "trials"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_study_runs_its_budget_and_keeps_only_the_best_checkpoint(
    config: ResumeNerConfig, layout: OutputLayout
) -> None:
    events: list[TrialProgress] = []
    result = study(config, on_trial=events.append)
    assert result.ran == 6 == len(events)
    assert sum(result.counts().get(s, 0) for s in ("COMPLETE", "PRUNED")) == 6
    assert result.best is not None and result.best.state == "COMPLETE"
    assert result.best.value == max(t.value for t in result.trials if t.state == "COMPLETE")
    assert _trial_dirs(layout, config.hpo.study_name) == [f"trial-{result.best.number}"]
    attrs = result.best.user_attrs
    assert len(attrs["spec_fp"]) == 64 and attrs["epochs_trained"] == 4
    assert attrs["backbone"] == config.model.backbone
    assert [e.done for e in events] == list(range(1, 7))
    assert events[-1].best_number == result.best.number
    assert result.storage == f"sqlite:///{layout.root}/optuna.db"


def test_rerun_resumes_the_same_study(tmp_path: Path) -> None:
    config = make_config(tmp_path, "hpo.n_trials=3")
    first = study(config)
    assert first.ran == 3
    again = study(config)
    assert again.ran == 0 and len(again.trials) == 3
    more = make_config(tmp_path, "hpo.n_trials=5")
    resumed = study(more)
    assert resumed.ran == 2
    assert [t.number for t in resumed.trials] == [0, 1, 2, 3, 4]
    one = study(make_config(tmp_path, "hpo.n_trials=9"), n_trials=1)
    assert one.ran == 1 and len(one.trials) == 6


def test_resumed_sampler_does_not_repeat_the_first_trials(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, "hpo.n_trials=2", "hpo.sampler.type=random", "hpo.pruner.type=none"
    )
    study(config)
    more = make_config(
        tmp_path, "hpo.n_trials=4", "hpo.sampler.type=random", "hpo.pruner.type=none"
    )
    result = study(more)
    params = [t.params["model.dropout"] for t in result.trials]
    assert len(set(params)) == 4


@pytest.mark.parametrize(("keep", "expected"), [("all", 4), ("none", 0)])
def test_keep_checkpoints_all_or_none(tmp_path: Path, keep: str, expected: int) -> None:
    config = make_config(tmp_path, "hpo.n_trials=4", f"hpo.keep_checkpoints={keep}")
    layout = OutputLayout.from_config(config.paths)
    study(config)
    assert len(_trial_dirs(layout, config.hpo.study_name)) == expected


def test_pruning_happens_in_the_bad_region(tmp_path: Path) -> None:
    config = make_config(
        tmp_path,
        "hpo.n_trials=16",
        "hpo.sampler.type=random",
        "hpo.pruner.n_startup_trials=2",
        "hpo.pruner.n_warmup_steps=1",
        "training.epochs=5",
    )
    config = dropout_only(config)
    result = study(config)
    pruned = [t for t in result.trials if t.state == "PRUNED"]
    assert pruned, "no trial was pruned"
    assert all(t.params["model.dropout"] > 0.2 for t in pruned)
    assert all(t.user_attrs["pruned_at"] == 1 for t in pruned)
    assert all(t.user_attrs["epochs_trained"] == 1 for t in pruned)
    late_bad = [t for t in result.trials if t.number >= 4 and t.params["model.dropout"] > 0.2]
    assert late_bad and all(t.state == "PRUNED" for t in late_bad)
    full = 5 * len(result.trials)
    assert result.epochs_trained() < full


def test_kfold_objective_stores_fold_scores(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, "hpo.n_trials=2", "hpo.kfold.enabled=true", "hpo.kfold.k=3",
        "hpo.pruner.type=none",
    )  # fmt: skip
    layout = OutputLayout.from_config(config.paths)
    result = study(config)
    for trial in result.trials:
        scores = trial.user_attrs["fold_scores"]
        assert len(scores) == 3
        assert trial.value == pytest.approx(sum(scores) / 3)
        assert trial.user_attrs["fold_mean"] == pytest.approx(trial.value)
        assert trial.user_attrs["fold_std"] == pytest.approx(0.01 * (2 / 3) ** 0.5)
        assert trial.user_attrs["epochs_trained"] == 12
    best = result.best
    assert best is not None
    folds = layout.hpo_trial_dir(config.hpo.study_name, best.number)
    assert sorted(p.name for p in folds.iterdir()) == ["fold-0", "fold-1", "fold-2"]


def test_kfold_prunes_after_the_first_fold(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, "hpo.n_trials=10", "hpo.kfold.enabled=true", "hpo.kfold.k=3",
        "hpo.sampler.type=random", "hpo.pruner.n_startup_trials=2",
    )  # fmt: skip
    config = dropout_only(config)
    result = study(config)
    pruned = [t for t in result.trials if t.state == "PRUNED"]
    assert pruned and all(len(t.user_attrs["fold_scores"]) == 1 for t in pruned)
    assert all(t.params["model.dropout"] > 0.2 for t in pruned)


def test_k_larger_than_documents_is_a_clear_error(tmp_path: Path) -> None:
    config = make_config(tmp_path, "hpo.kfold.enabled=true", "hpo.kfold.k=20")
    layout = OutputLayout.from_config(config.paths)
    with pytest.raises(HpoError) as info:
        study(config)
    assert str(info.value) == (
        "hpo.kfold.k: k=20 folds need at least 20 documents, but the train and validation "
        "splits hold 10"
    )
    assert not layout.optuna_db_path().exists()


def test_unknown_search_space_key_fails_before_any_trial(tmp_path: Path) -> None:
    bad = 'hpo.search_space={"training.lr": {type: float, low: 0.1, high: 0.2}}'
    config = make_config(tmp_path, bad)
    layout = OutputLayout.from_config(config.paths)
    unknown = "training.lr: Extra inputs are not permitted (source: search-space parameter"
    with pytest.raises(ConfigError, match=re.escape(unknown)):
        study(config)
    assert not layout.optuna_db_path().exists()


def test_existing_study_with_other_direction_is_refused(tmp_path: Path) -> None:
    config = make_config(tmp_path, "hpo.n_trials=1")
    study(config)
    flipped = make_config(tmp_path, "hpo.n_trials=1", "hpo.direction=minimize")
    with pytest.raises(HpoError, match="already exists and maximizes"):
        study(flipped)


def test_failing_trainer_marks_the_trial_failed(tmp_path: Path) -> None:
    config = make_config(tmp_path, "hpo.n_trials=2")
    layout = OutputLayout.from_config(config.paths)

    def broken(cfg: ResumeNerConfig, data: TrialData, callbacks: Sequence[Callback]) -> float:
        CallbackList(callbacks).on_epoch_end(1, {"span_f1": 0.1})
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError, match="out of memory"):
        study(config, broken)
    storage = f"sqlite:///{layout.optuna_db_path()}"
    loaded = optuna.load_study(study_name=config.hpo.study_name, storage=storage)
    assert [t.state.name for t in loaded.trials] == ["FAIL"]
    assert loaded.trials[0].user_attrs["epochs_trained"] == 1
