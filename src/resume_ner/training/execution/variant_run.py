"""Train one variant folder: metadata, tracked run, training (+ refit), test scores, artifacts.

The variant folder holds ``best/`` and ``last/`` (training.core), ``refit/best`` and
``refit/last`` when refit is on, ``config.resolved.yaml``, ``metrics.json`` and
``metadata.json``. The final model is ``refit/best`` with refit, else ``best`` (``last``
when best checkpoints are off); metadata's ``artifacts.model`` names it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.constants.files import RESOLVED_CONFIG_FILE
from resume_ner.common.shared import atomic_write_text
from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.data.processing.splits import Splits
from resume_ner.data.stage import DataStageResult
from resume_ner.infrastructure.config import dump_config, resolved_dict
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import Fingerprint
from resume_ner.infrastructure.metadata import (
    MetadataIndex,
    RunMetadata,
    metadata_path,
    read_metadata,
    relative_to_root,
    save_run,
)
from resume_ner.infrastructure.metadata.model_card import write_model_card
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import RunCallback, RunHandle, Tracker
from resume_ner.training.core.result import TrainResult
from resume_ner.training.execution import result as names
from resume_ner.training.execution.checks import evaluate_model, per_label_scores
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.run_info import (
    RunIdentity,
    experiment_and_run_name,
    run_params,
    run_tags,
)
from resume_ner.training.execution.selection_input import SelectionInput
from resume_ner.training.execution.variants import Slot

_SCORE_PREFIXES = ("span_", "seqeval_", "token_accuracy")


@dataclass(frozen=True)
class VariantInputs:
    """Everything that decides what a variant trains, computed before it is claimed."""

    config: ResumeNerConfig
    layout: OutputLayout
    data: DataStageResult
    splits: Splits
    schema: LabelSchema
    device: str
    spec: Fingerprint
    execution: Fingerprint
    backbone: str
    selection: SelectionInput | None = None
    prepare_seconds: float = 0.0


def _scores(metrics: Mapping[str, float]) -> dict[str, float]:
    return {k: float(v) for k, v in metrics.items() if k.startswith(_SCORE_PREFIXES)}


def _prefixed(prefix: str, metrics: Mapping[str, float]) -> dict[str, float]:
    return {f"{prefix}{key}": value for key, value in metrics.items()}


def _start_metadata(inputs: VariantInputs, slot: Slot, identity: RunIdentity) -> RunMetadata:
    layout = inputs.layout
    meta = slot.previous or RunMetadata(stage=Stage.TRAIN)
    meta.status = StageStatus.RUNNING
    meta.timings.finished_at = None
    meta.backbone = identity.backbone
    meta.run_name = experiment_and_run_name(inputs.config, identity)[1]
    meta.add_fingerprint("spec_fp", inputs.spec)
    meta.add_fingerprint("exec_fp", inputs.execution)
    meta.add_fingerprint("data_fp", inputs.data.fingerprint)
    meta.lineage = []
    folder = inputs.data.folder
    data_run = read_metadata(folder).run_id if metadata_path(folder).is_file() else None
    meta.add_parent(Stage.DATA, inputs.data.fingerprint, layout.relative_to_root(folder), data_run)
    if inputs.selection is not None:
        try:
            where: str | None = relative_to_root(inputs.selection.path.parent, layout.root)
        except ValueError:
            where = None
        meta.add_parent(Stage.SELECT, inputs.selection.fingerprint, where)
        meta.extra["selection_file"] = str(inputs.selection.path)
        meta.extra["selection_params"] = dict(inputs.selection.params)
    meta.config = resolved_dict(inputs.config)
    meta.timings.phases["prepare"] = (
        meta.timings.phases.get("prepare", 0.0) + inputs.prepare_seconds
    )
    attempts = int(meta.extra.get("attempts", 0)) + 1
    training = inputs.config.training
    ranks = training.nproc_per_node * training.nnodes
    meta.extra.update(
        variant=slot.variant,
        attempts=attempts,
        resumed=slot.resumed,
        device=inputs.device,
        world_size=ranks,
        global_batch_size=training.batch_size * ranks * training.gradient_accumulation_steps,
    )
    return meta


def _train(
    inputs: VariantInputs,
    output_dir: Path,
    run: RunHandle,
    callbacks: Sequence[Any],
    *,
    refit_epochs: int | None = None,
) -> TrainResult:
    from resume_ner.training.core.loop import train

    config, splits = inputs.config, inputs.splits
    training = config.training
    documents, validation, prefix = splits.train, splits.validation, ""
    if refit_epochs is not None:
        update = {"epochs": refit_epochs, "early_stopping_patience": None}
        training = training.model_copy(update=update)
        documents, validation, prefix = splits.train + splits.validation, (), "refit_"
    return train(
        model_config=config.model,
        training_config=training,
        data_config=config.data,
        train_documents=documents,
        validation_documents=validation,
        schema=inputs.schema,
        output_dir=output_dir,
        callbacks=[*callbacks, RunCallback(run, prefix=prefix)],
        device=inputs.device,
        resume=True,
    )


def _model_of(result: TrainResult) -> Path:
    folder = result.best_path or result.last_path
    if folder is None:
        raise ValueError("training kept no model folder: turn on training.save_best or save_last")
    return folder


def _train_and_score(
    inputs: VariantInputs, slot: Slot, meta: RunMetadata, run: RunHandle, callbacks: Sequence[Any]
) -> tuple[Path, dict[str, Any]]:
    with meta.phase("train"):
        result = _train(inputs, slot.run_dir, run, callbacks)
    meta.extra["resumed_from_epoch"] = result.resumed_from_epoch
    model_dir = _model_of(result)
    refit = bool(inputs.config.training.refit and inputs.splits.validation and result.best_epoch)
    if refit and result.best_epoch is not None:
        with meta.phase("refit"):
            refit_result = _train(
                inputs,
                slot.run_dir / names.REFIT_DIR,
                run,
                callbacks,
                refit_epochs=result.best_epoch,
            )
        model_dir = _model_of(refit_result)
    meta.extra["refit"] = refit
    with meta.phase("evaluate"):
        evaluation = evaluate_model(model_dir, inputs.splits.test, inputs.config, inputs.device)
    test = {} if evaluation is None else dict(evaluation.metrics)
    summary = {
        "best_epoch": result.best_epoch,
        "epochs_run": result.epochs_run,
        "stopped_early": result.stopped_early,
        "stop_reason": result.stop_reason,
        "tokens_per_second": result.tokens_per_second,
        "refit_epochs": result.best_epoch if refit else None,
        "validation": _scores(result.best_metrics) if inputs.splits.validation else {},
        "test": test,
        "test_per_label": per_label_scores(evaluation),
    }
    return model_dir, {**summary, "history": result.history}


def _record(
    inputs: VariantInputs, slot: Slot, meta: RunMetadata, model_dir: Path, metrics: dict[str, Any]
) -> Path:
    root = inputs.layout.root
    metrics_file = atomic_write_text(
        slot.run_dir / names.METRICS_FILE, json.dumps(metrics, indent=2, sort_keys=True) + "\n"
    )
    meta.metrics = {key: value for key, value in metrics.items() if key != "history"}
    meta.add_artifact(names.MODEL_ARTIFACT, model_dir, root)
    for name in ("best", "last", names.REFIT_DIR):
        if (slot.run_dir / name).is_dir():
            meta.add_artifact(name, slot.run_dir / name, root)
    meta.add_artifact(names.CONFIG_ARTIFACT, slot.run_dir / RESOLVED_CONFIG_FILE, root)
    meta.add_artifact(names.METRICS_ARTIFACT, metrics_file, root)
    return metrics_file


def _log_final(
    run: RunHandle, metrics: Mapping[str, Any], files: Sequence[Path], model: Path
) -> None:
    numbers = {
        "best_epoch": metrics["best_epoch"],
        "epochs_run": metrics["epochs_run"],
        "tokens_per_second": metrics["tokens_per_second"],
        **_prefixed("val_", metrics["validation"]),
        **_prefixed("test_", metrics["test"]),
    }
    run.log_metrics({k: v for k, v in numbers.items() if v is not None})
    for file in files:
        run.log_artifact(file)
    run.log_artifact(model, "model", model=True)


def train_variant(
    inputs: VariantInputs,
    slot: Slot,
    index: MetadataIndex,
    tracker: Tracker,
    callbacks: Sequence[Any] = (),
) -> FinalTrainingResult:
    """Train (or continue) the variant in ``slot`` and record it; its lock must be held.

    metadata.json is saved as RUNNING first, then COMPLETED, or FAILED when anything raises
    (the exception propagates; the folder stays resumable).
    """
    config = inputs.config
    identity = RunIdentity(
        backbone=inputs.backbone,
        variant=slot.variant,
        spec_fp=inputs.spec.value,
        exec_fp=inputs.execution.value,
        data_fp=inputs.data.fingerprint.value,
    )
    meta = _start_metadata(inputs, slot, identity)
    atomic_write_text(slot.run_dir / RESOLVED_CONFIG_FILE, dump_config(config))
    save_run(slot.run_dir, meta, index)
    experiment, run_name = experiment_and_run_name(config, identity)
    status = "resumed" if slot.resumed else None
    tags = run_tags(config, identity, inputs.selection, status=status)
    try:
        with tracker.stage_run(experiment, run_name, tags=tags, params=run_params(config)) as run:
            meta.mlflow_run_id = run.run_id
            save_run(slot.run_dir, meta, index)
            model_dir, metrics = _train_and_score(inputs, slot, meta, run, callbacks)
            metrics_file = _record(inputs, slot, meta, model_dir, metrics)
            files = [slot.run_dir / RESOLVED_CONFIG_FILE, metrics_file]
            _log_final(run, metrics, files, model_dir)
            run.set_tags(run_tags(config, identity, inputs.selection, status="completed"))
    except BaseException:
        meta.finish(StageStatus.FAILED)
        save_run(slot.run_dir, meta, index)
        raise
    meta.finish(StageStatus.COMPLETED)
    save_run(slot.run_dir, meta, index)
    write_model_card(model_dir)
    return FinalTrainingResult.from_metadata(meta, slot.run_dir, model_dir, reused=False)
