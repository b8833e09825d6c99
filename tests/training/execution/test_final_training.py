"""Final training: fingerprint reuse, --force variants, spec changes, metadata, lineage, MLflow."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from execution_helpers import layout_of

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.metadata import MetadataIndex, read_metadata
from resume_ner.infrastructure.tracking import make_tracker
from resume_ner.training.core import loop
from resume_ner.training.core.artifact import load_model
from resume_ner.training.execution import run_final_training
from tracking_reads import run_summary

MakeConfig = Callable[..., ResumeNerConfig]


def _no_training(**_: Any) -> None:
    raise AssertionError("a reused run must not train")


def test_trains_then_reuses_and_force_makes_v2(
    make_config: MakeConfig, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config()
    layout = layout_of(config)
    first = run_final_training(config, layout, workdir)
    assert first.state == "trained" and first.variant == 1 and not first.reused
    assert first.run_dir.name == "v1" and first.run_dir.parent.parent.name == "bert"
    spec8, exec8 = first.fingerprints["spec_fp"][:8], first.fingerprints["exec_fp"][:8]
    assert first.run_dir.parent.name == f"{spec8}-{exec8}"
    assert first.model_dir == first.run_dir / "best"
    assert first.best_epoch in (1, 2)
    assert "span_f1/NAME" in first.validation_metrics and "span_f1/NAME" in first.test_metrics

    with monkeypatch.context() as patched:
        patched.setattr(loop, "train", _no_training)
        again = run_final_training(config, layout, workdir)
    assert again.reused and again.state == "reused"
    assert again.run_dir == first.run_dir and again.model_dir == first.model_dir
    assert again.test_metrics == first.test_metrics

    forced = run_final_training(config, layout, workdir, force=True)
    assert forced.state == "trained" and forced.variant == 2
    assert forced.run_dir == first.run_dir.with_name("v2")
    assert forced.fingerprints == first.fingerprints


def test_metadata_lineage_and_files(make_config: MakeConfig, workdir: Path) -> None:
    config = make_config()
    layout = layout_of(config)
    result = run_final_training(config, layout, workdir)
    run_dir = result.run_dir
    meta = read_metadata(run_dir)
    assert meta.stage == Stage.TRAIN and meta.status == StageStatus.COMPLETED
    assert meta.timings.finished_at is not None
    assert {"prepare", "train", "evaluate"} <= set(meta.timings.phases)
    assert set(meta.fingerprints) == {"spec_fp", "exec_fp", "data_fp"}
    assert meta.fingerprint_components["exec_fp"]["device"] == "cpu"
    [parent] = meta.lineage
    assert parent.stage == Stage.DATA and parent.fingerprint == meta.fingerprints["data_fp"]
    assert parent.path is not None and (layout.root / parent.path / "manifest.json").is_file()
    assert parent.run_id == read_metadata(layout.root / parent.path).run_id
    assert meta.artifacts["model"] == layout.relative_to_root(run_dir / "best")
    for name in ("model", "best", "last", "config", "metrics"):
        assert (layout.root / meta.artifacts[name]).exists(), name
    assert meta.extra["variant"] == 1 and meta.extra["attempts"] == 1

    resolved = load_config(run_dir / "config.resolved.yaml", env={})
    assert resolved == config
    assert meta.config == json.loads(json.dumps(config.model_dump(mode="json")))
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["best_epoch"] == result.best_epoch and len(metrics["history"]) == 2
    assert metrics["test"] == result.test_metrics
    assert 0.0 <= metrics["test"]["span_f1"] <= 1.0
    assert set(metrics["validation"]) == set(metrics["test"])

    [entry] = MetadataIndex(layout.root).find_completed("train")
    assert entry.run_dir == layout.relative_to_root(run_dir) and entry.backbone == "bert"
    model, _, schema = load_model(result.model_dir)
    assert "NAME" in schema.labels and model.num_tags == schema.num_tags


def test_a_learning_rate_change_trains_a_new_spec_folder(
    make_config: MakeConfig, workdir: Path
) -> None:
    base = make_config()
    first = run_final_training(base, layout_of(base), workdir)
    changed = make_config("training.learning_rate=1e-3")
    second = run_final_training(changed, layout_of(changed), workdir)
    assert not second.reused and second.variant == 1
    assert second.fingerprints["spec_fp"] != first.fingerprints["spec_fp"]
    assert second.fingerprints["exec_fp"] == first.fingerprints["exec_fp"]
    assert second.fingerprints["data_fp"] == first.fingerprints["data_fp"]
    assert second.run_dir.parent != first.run_dir.parent
    launch_only = make_config("training.learning_rate=1e-3", "training.eval_batch_size=4")
    assert run_final_training(launch_only, layout_of(launch_only), workdir).reused


def test_a_reused_run_whose_model_was_deleted_is_trained_again(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config()
    layout = layout_of(config)
    first = run_final_training(config, layout, workdir)
    (first.model_dir / "model.safetensors").unlink()
    second = run_final_training(config, layout, workdir)
    assert not second.reused and second.variant == 2


def test_mlflow_run_records_params_metrics_tags_and_artifacts(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config()
    layout = layout_of(config)
    tracker = make_tracker(TrackingConfig(), layout.root)
    result = run_final_training(config, layout, workdir, tracker=tracker)
    assert (layout.root / "mlflow.db").is_file()
    assert result.mlflow_run_id is not None
    summary = run_summary(tracker, result.mlflow_run_id)
    assert summary.status == "FINISHED"
    assert summary.run_name == f"train-bert-{result.fingerprints['spec_fp'][:8]}-v1"
    assert summary.params["training.learning_rate"] == "0.005"
    assert summary.params["data.max_length"] == "64"
    assert summary.params["data.split.train"] == "0.6"
    assert summary.params["model.backbone"].endswith("bert")
    tags = summary.tags
    assert tags["resume_ner.spec_fp"] == result.fingerprints["spec_fp"]
    assert tags["resume_ner.exec_fp"] == result.fingerprints["exec_fp"]
    assert tags["resume_ner.data_fp"] == result.fingerprints["data_fp"]
    assert tags["resume_ner.parent.stage"] == "data"
    assert tags["resume_ner.parent.data_fp"] == result.fingerprints["data_fp"]
    assert tags["resume_ner.stage"] == "train" and tags["resume_ner.variant"] == "1"
    assert tags["resume_ner.status"] == "completed"
    metrics = summary.metrics
    assert metrics["test_span_f1"] == pytest.approx(result.test_metrics["span_f1"])
    assert metrics["val_span_f1"] == pytest.approx(result.validation_metrics["span_f1"])
    assert metrics["best_epoch"] == result.best_epoch
    assert {"train_loss", "span_f1", "span_f1/NAME", "learning_rate"} <= set(metrics)
    history = tracker.client().get_metric_history(result.mlflow_run_id, "train_loss")
    assert sorted(point.step for point in history) == [1, 2]
    artifacts = Path(summary.artifact_uri.removeprefix("file://"))
    assert (artifacts / "config.resolved.yaml").is_file()
    logged = yaml.safe_load((artifacts / "config.resolved.yaml").read_text())
    assert logged["training"]["learning_rate"] == 0.005
    assert json.loads((artifacts / "metrics.json").read_text())["best_epoch"] == result.best_epoch
    assert not (artifacts / "model").exists()  # tracking.log_models is off
