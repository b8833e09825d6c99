"""Study tracking: one parent run per study, a nested child run per trial, reused on resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from hpo_configs import dropout_only, make_config
from hpo_fakes import fake_train, prepared, study

from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.naming import TagKeys
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import PARENT_RUN_ID_TAG, Tracker, make_tracker
from resume_ner.training.hpo import run_single_trial, trainer
from tracking_reads import find_runs, run_summary


def _trial(config: ResumeNerConfig, layout: OutputLayout, tracker: Tracker) -> float:
    return run_single_trial(config, layout, prepared(config), tracker)


@pytest.fixture(autouse=True)
def _fake_trainer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer, "train_trial", fake_train)


@pytest.fixture(autouse=True)
def _quiet_mlflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)


def test_parent_and_child_runs_with_params_state_and_fingerprints(tmp_path: Path) -> None:
    config = dropout_only(
        make_config(
            tmp_path, "hpo.n_trials=4", "hpo.sampler.type=random", "hpo.pruner.n_startup_trials=1"
        )
    )
    layout = OutputLayout.from_config(config.paths)
    tracker = make_tracker(TrackingConfig(), layout.root, env={})
    keys = TagKeys.from_config(config.naming)
    result = study(config, tracker=tracker)
    experiment = "resume-ner-hpo"
    parents = find_runs(tracker, experiment, {keys.study: config.hpo.study_name, keys.stage: "hpo"})
    summaries = [run_summary(tracker, run_id) for run_id in parents]
    parent = [s for s in summaries if s.parent_run_id is None]
    children = [s for s in summaries if s.parent_run_id is not None]
    assert len(parent) == 1
    assert parent[0].metrics["best_objective"] == pytest.approx(result.best.value)
    assert parent[0].tags[keys.fingerprint("data_fp")] == prepared(config).fingerprint.value
    assert len(children) == 4
    by_trial = {int(c.tags[keys.trial]): c for c in children}
    for trial in result.trials:
        child = by_trial[trial.number]
        assert child.tags[PARENT_RUN_ID_TAG] == parent[0].run_id
        assert child.tags[keys.fingerprint("spec_fp")] == trial.user_attrs["spec_fp"]
        assert float(child.params["model.dropout"]) == pytest.approx(trial.params["model.dropout"])
        expected = {"COMPLETE": ("completed", "FINISHED"), "PRUNED": ("pruned", "KILLED")}
        status, run_status = expected[trial.state]
        assert child.tags[keys.status] == status
        assert child.status == run_status
        assert "span_f1" in child.metrics
    resumed = make_config(tmp_path, "hpo.n_trials=5", "hpo.sampler.type=random")
    study(dropout_only(resumed), tracker=tracker)
    runs = find_runs(tracker, experiment, {keys.study: config.hpo.study_name})
    again = [run_summary(tracker, run_id) for run_id in runs]
    assert sum(s.parent_run_id is None for s in again) == 1
    assert sum(s.parent_run_id == parent[0].run_id for s in again) == 5


def test_single_trial_logs_span_f1_per_epoch(tmp_path: Path) -> None:
    config = make_config(tmp_path, "training.epochs=3", "model.dropout=0.1")
    layout = OutputLayout.from_config(config.paths)
    tracker = make_tracker(TrackingConfig(), layout.root, env={})
    score = _trial(config, layout, tracker)
    assert score == pytest.approx(0.9)
    keys = TagKeys.from_config(config.naming)
    runs = find_runs(tracker, "resume-ner-hpo", {keys.study: config.hpo.study_name})
    summary = run_summary(tracker, runs[0])
    assert summary.metrics["span_f1"] == pytest.approx(0.9)
    assert summary.tags[keys.fingerprint("data_fp")] == prepared(config).fingerprint.value
    assert float(summary.params["model.dropout"]) == 0.1
    client = tracker.client()  # type: ignore[attr-defined]
    history = client.get_metric_history(runs[0], "span_f1")
    assert [m.step for m in history] == [1, 2, 3, 4]
    assert [round(m.value, 4) for m in history] == [0.3, 0.6, 0.9, 0.9]


def test_single_trial_inside_a_job_also_logs_to_the_jobs_own_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resume_ner.training.hpo.single import JOB_RUN_ENV

    config = make_config(tmp_path, "training.epochs=3", "model.dropout=0.1")
    layout = OutputLayout.from_config(config.paths)
    tracker = make_tracker(TrackingConfig(), layout.root, env={})
    client = tracker.client()  # type: ignore[attr-defined]
    job = client.create_run(client.create_experiment("sweep-job")).info.run_id
    monkeypatch.setenv(JOB_RUN_ENV, job)
    _trial(config, layout, tracker)
    history = client.get_metric_history(job, "span_f1")
    assert [(m.step, round(m.value, 4)) for m in history] == [
        (1, 0.3),
        (2, 0.6),
        (3, 0.9),
        (4, 0.9),
    ]
    assert client.get_run(job).info.status == "RUNNING"  # the job's run is Azure ML's to end
    assert float(client.get_run(job).data.params["model.dropout"]) == 0.1


def test_a_missing_job_run_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resume_ner.infrastructure.tracking import TrackingError
    from resume_ner.training.hpo.single import JOB_RUN_ENV

    config = make_config(tmp_path, "training.epochs=1")
    layout = OutputLayout.from_config(config.paths)
    tracker = make_tracker(TrackingConfig(), layout.root, env={})
    monkeypatch.setenv(JOB_RUN_ENV, "0" * 32)
    with pytest.raises(TrackingError, match=r"opening run 0{32}"):
        _trial(config, layout, tracker)
