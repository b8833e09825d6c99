"""The MLflow tracker against a real embedded SQLite store, read back through MlflowClient."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from resume_ner.infrastructure.tracking import (
    PARENT_RUN_ID_TAG,
    STOP,
    Callback,
    CallbackList,
    MlflowTracker,
    RunCallback,
    TrackingError,
    TrainInfo,
)
from resume_ner.infrastructure.tracking.values import MAX_PARAM_VALUE_LENGTH
from tracking_reads import find_runs, run_summary


def _client(tracker: MlflowTracker) -> Any:
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=tracker.uri)


def _local(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def test_stage_run_logs_everything_under_the_output_root(
    sqlite_tracker: MlflowTracker, store_root: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"f1": 0.5}', encoding="utf-8")
    folder = tmp_path / "cfg"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("b", encoding="utf-8")

    with sqlite_tracker.stage_run(
        "resume-ner-train",
        "train_spec8",
        tags={"spec_fp": "abc123", "stage": "train"},
        params={"train": {"lr": 2e-4, "epochs": 3}},
    ) as run:
        run.log_params({"model": {"backbone": "minilm"}})
        for step, loss in enumerate([0.9, 0.5, 0.3]):
            run.log_metrics({"train": {"loss": loss}}, step=step)
        run.log_metrics({"eval.f1": 0.61})
        run.set_tags({"data_fp": "d4t4"})
        run.log_artifact(report)
        run.log_artifact(folder, artifact_path="config")
        run.log_dict({"labels": ["NAME", "EMAIL"]}, "label_schema.json")
        run.log_text("hello", "notes/readme.txt")
        run_id = run.run_id

    assert (store_root / "mlflow.db").is_file()
    client = _client(sqlite_tracker)
    experiment = client.get_experiment_by_name("resume-ner-train")
    assert experiment.artifact_location == (
        (store_root / "mlartifacts" / "resume-ner-train").resolve().as_uri()
    )
    got = client.get_run(run_id)
    assert got.info.status == "FINISHED"
    assert got.info.end_time is not None
    assert got.info.run_name == "train_spec8"
    assert got.data.params == {
        "train.lr": "0.0002",
        "train.epochs": "3",
        "model.backbone": "minilm",
    }
    assert got.data.metrics == {"train.loss": 0.3, "eval.f1": 0.61}
    history = client.get_metric_history(run_id, "train.loss")
    assert [(m.step, m.value) for m in history] == [(0, 0.9), (1, 0.5), (2, 0.3)]
    assert {"spec_fp": "abc123", "stage": "train", "data_fp": "d4t4"}.items() <= (
        got.data.tags.items()
    )
    assert PARENT_RUN_ID_TAG not in got.data.tags

    names = {a.path for a in client.list_artifacts(run_id)}
    assert names == {"report.json", "config", "label_schema.json", "notes"}
    assert {a.path for a in client.list_artifacts(run_id, "config")} == {
        "config/a.yaml",
        "config/sub",
    }
    artifact_dir = _local(got.info.artifact_uri)
    assert artifact_dir.is_relative_to((store_root / "mlartifacts").resolve())
    assert json.loads((artifact_dir / "label_schema.json").read_text()) == {
        "labels": ["NAME", "EMAIL"]
    }
    assert (artifact_dir / "notes" / "readme.txt").read_text() == "hello"
    assert (artifact_dir / "config" / "sub" / "b.txt").read_text() == "b"


def test_exception_marks_run_failed_and_propagates(sqlite_tracker: MlflowTracker) -> None:
    run_ids: list[str] = []
    with (
        pytest.raises(ValueError, match="boom"),
        sqlite_tracker.stage_run("failures", "bad") as run,
    ):
        run_ids.append(run.run_id)
        raise ValueError("boom")
    summary = run_summary(sqlite_tracker, run_ids[0])
    assert summary.status == "FAILED"
    assert summary.end_time is not None


def test_keyboard_interrupt_marks_run_killed(sqlite_tracker: MlflowTracker) -> None:
    run_ids: list[str] = []
    with pytest.raises(KeyboardInterrupt), sqlite_tracker.stage_run("failures", "stop") as run:
        run_ids.append(run.run_id)
        raise KeyboardInterrupt
    assert run_summary(sqlite_tracker, run_ids[0]).status == "KILLED"


def test_parent_with_three_children(sqlite_tracker: MlflowTracker) -> None:
    with sqlite_tracker.stage_run("hpo", "study", tags={"study": "s1"}) as parent:
        child_ids = []
        for trial in range(3):
            with sqlite_tracker.stage_run(
                "hpo",
                f"trial_{trial}",
                parent_run_id=parent.run_id,
                params={"lr": 10.0**-trial},
                tags={"study": "s1", "trial": str(trial)},
            ) as child:
                child.log_metrics({"f1": 0.1 * trial})
                child_ids.append(child.run_id)
        parent.log_metrics({"best_f1": 0.2})

    client = _client(sqlite_tracker)
    experiment = client.get_experiment_by_name("hpo")
    children = client.search_runs(
        [experiment.experiment_id], f"tags.`mlflow.parentRunId` = '{parent.run_id}'"
    )
    assert sorted(r.info.run_id for r in children) == sorted(child_ids)
    for trial, child_id in enumerate(child_ids):
        summary = run_summary(sqlite_tracker, child_id)
        assert summary.parent_run_id == parent.run_id
        assert summary.tags[PARENT_RUN_ID_TAG] == parent.run_id
        assert summary.status == "FINISHED"
        assert summary.run_name == f"trial_{trial}"
        assert summary.metrics == {"f1": pytest.approx(0.1 * trial)}
    assert run_summary(sqlite_tracker, parent.run_id).parent_run_id is None


def test_nested_true_uses_the_innermost_open_run(sqlite_tracker: MlflowTracker) -> None:
    with sqlite_tracker.stage_run("nesting", "outer") as outer:
        with (
            sqlite_tracker.stage_run("nesting", "middle", nested=True) as middle,
            sqlite_tracker.stage_run("nesting", "inner", nested=True) as inner,
        ):
            pass
        with sqlite_tracker.stage_run("nesting", "second", nested=True) as second:
            pass
    assert run_summary(sqlite_tracker, middle.run_id).parent_run_id == outer.run_id
    assert run_summary(sqlite_tracker, inner.run_id).parent_run_id == middle.run_id
    assert run_summary(sqlite_tracker, second.run_id).parent_run_id == outer.run_id


def test_nested_without_an_open_run_is_an_error(sqlite_tracker: MlflowTracker) -> None:
    with (
        pytest.raises(TrackingError, match=r"nested=True needs an enclosing stage_run"),
        sqlite_tracker.stage_run("nesting", "orphan", nested=True),
    ):
        pass


def test_find_runs_by_fingerprint_tag(sqlite_tracker: MlflowTracker) -> None:
    ids = {}
    for fp in ("aaa111", "bbb222", "aaa111"):
        with sqlite_tracker.stage_run("lookup", f"run-{fp}", tags={"spec_fp": fp}) as run:
            ids.setdefault(fp, []).append(run.run_id)
    with (
        pytest.raises(RuntimeError),
        sqlite_tracker.stage_run("lookup", "broken", tags={"spec_fp": "ccc333"}),
    ):
        raise RuntimeError("x")

    assert find_runs(sqlite_tracker, "lookup", {"spec_fp": "aaa111"}) == ids["aaa111"][::-1]
    assert find_runs(sqlite_tracker, "lookup", {"spec_fp": "bbb222"}) == ids["bbb222"]
    assert len(find_runs(sqlite_tracker, "lookup", {"spec_fp": "ccc333"})) == 1
    assert find_runs(sqlite_tracker, "lookup", {"spec_fp": "ccc333"}, status="finished") == []
    assert find_runs(sqlite_tracker, "lookup", {"spec_fp": "zzz"}) == []
    assert find_runs(sqlite_tracker, "no-such-experiment", {"spec_fp": "aaa111"}) == []


def test_callback_forwards_params_metrics_and_end_status(sqlite_tracker: MlflowTracker) -> None:
    with sqlite_tracker.stage_run("callbacks", "trial") as run:
        events = CallbackList([RunCallback(run)])
        events.on_stage_start({"optim": {"lr": 0.01}})
        for epoch, f1 in enumerate([0.2, 0.4]):
            events.on_metrics(epoch, {"eval": {"f1": f1}})
        events.on_stage_end("pruned")
    summary = run_summary(sqlite_tracker, run.run_id)
    assert summary.status == "KILLED"
    assert summary.params == {"optim.lr": "0.01"}
    history = _client(sqlite_tracker).get_metric_history(run.run_id, "eval.f1")
    assert [(m.step, m.value) for m in history] == [(0, 0.2), (1, 0.4)]


class _StopAt(Callback):
    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, epoch: int, metrics: Any) -> str | None:
        return STOP if epoch >= self.epoch else None


def test_run_callback_logs_training_epochs_on_the_bus(sqlite_tracker: MlflowTracker) -> None:
    with sqlite_tracker.stage_run("callbacks", "fold") as run:
        events = CallbackList([_StopAt(2), RunCallback(run, prefix="fold0_")])
        events.on_train_begin(TrainInfo(3, 0, 2, 8, 2, "cpu", "fp32", "out"))
        assert events.on_epoch_end(1, {"epoch": 1.0, "span_f1": 0.25}) is None
        nan = float("nan")
        assert events.on_epoch_end(2, {"epoch": 2.0, "span_f1": 0.5, "train_loss": nan}) == STOP
        events.on_metrics(None, {"param_count": 7})
    summary = run_summary(sqlite_tracker, run.run_id)
    assert summary.metrics == {
        "fold0_max_epochs": 3,
        "fold0_start_epoch": 0,
        "fold0_train_windows": 8,
        "fold0_span_f1": 0.5,
        "fold0_param_count": 7,
    }
    history = _client(sqlite_tracker).get_metric_history(run.run_id, "fold0_span_f1")
    assert [(m.step, m.value) for m in history] == [(1, 0.25), (2, 0.5)]


def test_artifact_switches(store_root: Path, tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"\0" * 16)
    uri = f"sqlite:///{(store_root / 'mlflow.db').as_posix()}"
    art = (store_root / "mlartifacts").as_uri()
    off = MlflowTracker(uri, art, log_artifacts=False)
    with off.stage_run("switches", "no-artifacts") as run:
        run.log_artifact(weights)
        run.log_dict({"a": 1}, "a.json")
        run.log_text("t", "t.txt")
    assert _client(off).list_artifacts(run.run_id) == []

    models = MlflowTracker(uri, art, log_models=True)
    default = MlflowTracker(uri, art)
    with default.stage_run("switches", "no-models") as skipped:
        skipped.log_artifact(weights, "model", model=True)
    with models.stage_run("switches", "models") as kept:
        kept.log_artifact(weights, "model", model=True)
    assert _client(off).list_artifacts(skipped.run_id) == []
    assert [a.path for a in _client(off).list_artifacts(kept.run_id, "model")] == [
        "model/model.safetensors"
    ]


def test_bad_input_gives_clear_errors(sqlite_tracker: MlflowTracker, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with sqlite_tracker.stage_run("errors", "bad-input") as run:
        with pytest.raises(TrackingError, match=rf"^artifact {missing} does not exist \(run "):
            run.log_artifact(missing)
        with pytest.raises(TrackingError, match=r"^metric 'loss' has a non-numeric value 'low'"):
            run.log_metrics({"loss": "low"})
        run.log_params({"lr": 1})
        with pytest.raises(TrackingError) as info:
            run.log_params({"lr": 2})
        assert str(info.value).startswith(f"logging params (run {run.run_id}) failed at sqlite:///")
        with pytest.raises(TrackingError, match=r"run status 'running' is not a terminal"):
            run.set_end_status("running")
    assert run_summary(sqlite_tracker, run.run_id).status == "FINISHED"


def test_long_param_is_stored_truncated(
    sqlite_tracker: MlflowTracker, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="resume_ner.infrastructure.tracking"),
        sqlite_tracker.stage_run("errors", "long", params={"text": "z" * 7000}) as run,
    ):
        pass
    assert len(run_summary(sqlite_tracker, run.run_id).params["text"]) == MAX_PARAM_VALUE_LENGTH
    assert "param 'text' is 7000 characters; truncated" in caplog.text


def test_deleted_experiment_is_restored(sqlite_tracker: MlflowTracker) -> None:
    client = _client(sqlite_tracker)
    exp_id = client.create_experiment("to-restore")
    client.delete_experiment(exp_id)
    fresh = MlflowTracker(sqlite_tracker.uri, sqlite_tracker.artifact_location)
    with fresh.stage_run("to-restore", "again") as run:
        pass
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    assert run_summary(fresh, run.run_id).experiment_id == exp_id
