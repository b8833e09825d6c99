"""The training loop: learning, early stopping, callbacks, checkpoints and bad inputs."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from resume_ner.data.datasets import LabelSchema, LabelSchemaError
from resume_ner.data.loaders.document import Document, Span
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.tracking.callbacks import STOP, Callback, TrainInfo
from resume_ner.testing.fixtures import build_tiny_backbone
from resume_ner.training.core.artifact import load_model
from resume_ner.training.core.backbone import BackboneError
from resume_ner.training.core.loop import train
from resume_ner.training.core.result import TrainResult


class Recorder(Callback):
    """Records every event; asks to stop after ``stop_after`` epochs when set."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.events: list[tuple[str, Any]] = []
        self.stop_after = stop_after

    def on_train_begin(self, info: TrainInfo) -> None:
        self.events.append(("begin", info))

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        self.events.append(("epoch_end", metrics["span_f1"]))
        return STOP if self.stop_after is not None and epoch >= self.stop_after else None

    def on_train_end(self, result: TrainResult) -> None:
        self.events.append(("end", result.epochs_run))


def test_training_lowers_the_loss_and_writes_best_and_last(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    recorder = Recorder()
    result = train(
        **configs(epochs=4, learning_rate=1e-2, early_stopping_patience=None),
        train_documents=resumes[:10],
        validation_documents=resumes[10:],
        schema=schema,
        output_dir=tmp_path,
        callbacks=[recorder],
        device="cpu",
    )
    losses = [epoch["train_loss"] for epoch in result.history]
    assert len(losses) == 4 and result.epochs_run == 4
    assert losses[-1] < 0.7 * losses[0]
    assert not result.stopped_early and result.stop_reason is None
    assert result.tokens_per_second > 0
    assert result.best_metrics == result.history[result.best_epoch - 1]
    assert {"span_f1", "span_precision", "seqeval_f1", "token_accuracy"} <= set(result.best_metrics)
    names = [name for name, _ in recorder.events]
    assert names == ["begin"] + ["epoch_end"] * 4 + ["end"]
    seen = [value for name, value in recorder.events if name == "epoch_end"]
    assert seen == [epoch["span_f1"] for epoch in result.history]
    info = recorder.events[0][1]
    assert (info.epochs, info.start_epoch, info.device, info.precision) == (4, 0, "cpu", "fp32")
    assert result.best_path == tmp_path / "best" and result.last_path == tmp_path / "last"
    assert (tmp_path / "last" / "training_state.pt").is_file()
    state = json.loads((tmp_path / "last" / "trainer_state.json").read_text())
    assert (state["epoch"], state["finished"]) == (4, True)
    best_metrics = json.loads((tmp_path / "best" / "metrics.json").read_text())
    assert best_metrics["epoch"] == result.best_epoch
    model, _, loaded_schema = load_model(tmp_path / "best")
    assert loaded_schema == schema and model.num_tags == schema.num_tags
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_early_stopping_triggers_when_validation_f1_does_not_improve(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    # A learning rate of 1e-12 everywhere (head included) leaves the weights (and so the validation F1) unchanged.
    result = train(
        **configs(
            epochs=5, learning_rate=1e-12, head_learning_rate=None, early_stopping_patience=1
        ),
        train_documents=resumes[:4],
        validation_documents=resumes[4:6],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    assert result.epochs_run == 2
    assert result.stopped_early and result.stop_reason == "early_stopping"
    assert result.best_epoch == 1
    assert result.history[0]["span_f1"] == result.history[1]["span_f1"]


def test_a_callback_can_stop_training(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    recorder = Recorder(stop_after=1)
    result = train(
        **configs(epochs=3),
        train_documents=resumes[:3],
        validation_documents=resumes[3:4],
        schema=schema,
        output_dir=tmp_path,
        callbacks=[recorder],
        device="cpu",
    )
    assert (result.epochs_run, result.stopped_early, result.stop_reason) == (1, True, "callback")
    assert recorder.events[-1] == ("end", 1)
    # A finished run is not trained again: resuming returns its result.
    again = train(
        **configs(epochs=3),
        train_documents=resumes[:3],
        validation_documents=resumes[3:4],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    assert again.epochs_run == 1 and again.history == result.history


def test_without_validation_the_last_epoch_is_the_best(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    result = train(
        **configs(epochs=2, save_last=False),
        train_documents=resumes[:3],
        validation_documents=[],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    assert result.best_epoch == 2 and "span_f1" not in result.best_metrics
    assert result.last_path is None and not (tmp_path / "last").exists()
    assert (tmp_path / "best" / "model.safetensors").is_file()


def test_checkpoint_selection_last_keeps_the_last_epoch_and_does_not_stop_early(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    # Unchanged weights give an unchanged validation F1: "best" stops after one more epoch and
    # keeps epoch 1; "last" runs every epoch and keeps the last.
    settings = {"learning_rate": 1e-12, "head_learning_rate": None, "early_stopping_patience": 1}
    runs = {}
    for selection in ("best", "last"):
        runs[selection] = train(
            **configs(epochs=3, checkpoint_selection=selection, **settings),
            train_documents=resumes[:4],
            validation_documents=resumes[4:6],
            schema=schema,
            output_dir=tmp_path / selection,
            device="cpu",
        )
    assert (runs["best"].epochs_run, runs["best"].best_epoch) == (2, 1)
    assert runs["best"].stop_reason == "early_stopping"
    last = runs["last"]
    assert (last.epochs_run, last.best_epoch, last.stop_reason) == (3, 3, None)
    saved = json.loads((tmp_path / "last" / "best" / "metrics.json").read_text())
    assert saved["epoch"] == 3


def test_a_checkpoint_of_other_settings_is_not_resumed(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    common = {
        "train_documents": resumes[:2],
        "validation_documents": [],
        "schema": schema,
        "output_dir": tmp_path,
        "device": "cpu",
    }
    train(**configs(epochs=1), **common)
    with pytest.raises(ValueError, match="was written by a run with other settings or data"):
        train(**configs(epochs=1, learning_rate=1e-3), **common)
    fresh = train(**configs(epochs=1, learning_rate=1e-3), **common, resume=False)
    assert fresh.epochs_run == 1


def test_empty_training_split_is_a_clear_error(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match=r"^training split is empty"):
        train(
            **configs(),
            train_documents=[],
            validation_documents=resumes[:1],
            schema=schema,
            output_dir=tmp_path,
        )


def test_labels_unknown_to_the_schema_are_a_clear_error(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    odd = Document("odd-1", "Chess and hiking", (Span(0, 5, "HOBBY"),))
    with pytest.raises(
        LabelSchemaError, match="validation split: document 'odd-1' has label 'HOBBY'"
    ):
        train(
            **configs(),
            train_documents=resumes[:1],
            validation_documents=[odd],
            schema=schema,
            output_dir=tmp_path,
        )


def test_max_length_beyond_the_backbone_is_a_clear_error(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    settings = configs()
    settings["data_config"] = DataConfig(max_length=1024, stride=64)
    with pytest.raises(
        BackboneError, match=r"^max_length 1024 exceeds the backbone's 512 positions"
    ):
        train(
            **settings,
            train_documents=resumes[:1],
            validation_documents=[],
            schema=schema,
            output_dir=tmp_path,
        )


def test_missing_backbone_path_is_a_clear_error(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    settings = configs()
    settings["model_config"] = settings["model_config"].model_copy(
        update={"backbone": str(tmp_path / "missing")}
    )
    with pytest.raises(
        BackboneError, match=f"^backbone path {tmp_path / 'missing'} does not exist$"
    ):
        train(
            **settings,
            train_documents=resumes[:1],
            validation_documents=[],
            schema=schema,
            output_dir=tmp_path / "out",
        )


def test_non_fast_tokenizer_is_a_clear_error(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    slow = build_tiny_backbone(tmp_path / "slow", fast_tokenizer=False)
    settings = configs()
    settings["model_config"] = settings["model_config"].model_copy(update={"backbone": str(slow)})
    with pytest.raises(BackboneError, match="offsets are required"):
        train(
            **settings,
            train_documents=resumes[:1],
            validation_documents=[],
            schema=schema,
            output_dir=tmp_path / "out",
        )


def test_fp16_on_cpu_is_refused(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="precision fp16 needs a CUDA device"):
        train(
            **configs(precision="fp16"),
            train_documents=resumes[:1],
            validation_documents=[],
            schema=schema,
            output_dir=tmp_path,
            device="cpu",
        )


def test_time_budget_skips_an_epoch_that_would_overrun(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    # A budget far below one epoch's wall time: epoch 1 runs, epoch 2 would overrun.
    result = train(
        **configs(epochs=4, max_minutes=1e-6),
        train_documents=resumes[:3],
        validation_documents=resumes[3:5],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    assert result.epochs_run == 1
    assert result.stopped_early and result.stop_reason == "time_budget"
    assert result.best_path is not None


def test_budget_predicts_the_next_epoch_from_the_longest_so_far() -> None:
    from resume_ner.training.core.progress import Progress

    progress = Progress(run_key="k")
    for epoch, seconds in enumerate([100.0, 300.0, 200.0], start=1):
        progress.epoch = epoch
        progress.spend(seconds, budget_minutes=15, epochs=10)
        assert not progress.finished  # 600 s spent + 300 s predicted = 900 s: still fits
    progress.epoch = 4
    progress.spend(1.0, budget_minutes=15, epochs=10)
    assert progress.finished and progress.stop_reason == "time_budget"
    assert progress.elapsed_seconds == 601.0 and progress.longest_epoch_seconds == 300.0
    unbounded = Progress(run_key="k", epoch=1)
    unbounded.spend(1e9, budget_minutes=None, epochs=10)
    assert not unbounded.finished
    last = Progress(run_key="k", epoch=10)
    last.spend(1e9, budget_minutes=1, epochs=10)
    assert not last.finished  # the final epoch ends the run for its own reason


def test_propagation_labels_resolve_auto_off_and_lists(schema: LabelSchema) -> None:
    from resume_ner.training.core.loop import propagation_labels

    docs = [
        Document(str(i), f"Org{i} and Org{i}", (Span(0, 4, "COMPANY"), Span(9, 13, "COMPANY")))
        for i in range(5)
    ]
    assert propagation_labels("auto", docs, schema) == ("COMPANY",)
    assert propagation_labels("auto", docs[:1], schema) == ()
    assert propagation_labels("off", docs, schema) == ()
    assert propagation_labels(["SKILLS"], docs, schema) == ("SKILLS",)
    with pytest.raises(ValueError, match="not in the schema: PET"):
        propagation_labels(["PET", "SKILLS"], docs, schema)
