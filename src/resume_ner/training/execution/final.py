"""Final training from a config: fingerprinted, then reused, resumed, or trained as variant v<N>."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from resume_ner.data.stage import run_data_stage
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import exec_fp, spec_fp
from resume_ner.infrastructure.metadata import MetadataIndex
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import Tracker, make_tracker
from resume_ner.training.execution.checks import label_schema, preflight
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.selection_input import apply_selection, read_selection
from resume_ner.training.execution.variant_run import VariantInputs, train_variant
from resume_ner.training.execution.variants import find_completed, training_slot

logger = logging.getLogger(__name__)

WORLD_SIZE_ENV = "WORLD_SIZE"
"""Set by torchrun to the number of processes of the job."""


def check_single_process(env: Mapping[str, str] | None = None) -> None:
    """Refuse to train in a multi-process torchrun job.

    The training loop runs in one process (no DistributedDataParallel); several ranks would
    each train the same model into the same folders.

    Raises:
        ValueError: If ``WORLD_SIZE`` is above 1, saying what to use instead.
    """
    environ = os.environ if env is None else env
    raw = environ.get(WORLD_SIZE_ENV, "1").strip() or "1"
    world = int(raw) if raw.isdigit() else 1
    if world > 1:
        raise ValueError(
            f"{WORLD_SIZE_ENV}={world}: the training loop runs one process per training (no "
            "distributed data parallel), so every rank would train the same model; launch "
            "torchrun with training.nproc_per_node=1 or use training.launcher=inprocess"
        )


def run_final_training(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    *,
    force: bool = False,
    tracker: Tracker | None = None,
    from_selection: str | os.PathLike[str] | None = None,
    device: str = "auto",
    callbacks: Sequence[Any] = (),
) -> FinalTrainingResult:
    """Train the final model of ``config`` once per fingerprint pair.

    Steps: apply the selection's params (``from_selection``); run or reuse the data stage;
    check the inputs; compute ``spec_fp`` (model, data processing, training config, seed and
    the dataset fingerprint) and ``exec_fp`` (software versions and device class). Then:

    * a completed run with both fingerprints whose model still exists is returned as is
      (``reused=True``) unless ``force``;
    * else an interrupted run (running or failed, not locked by a live process) with both
      fingerprints is continued in its own folder from its last checkpoint (not with
      ``force``);
    * else the next variant ``v<N>`` is claimed atomically and trained.

    Training writes ``best/`` and ``last/``; with ``training.refit`` a second run on
    train+validation for the best epoch count writes ``refit/best``, the final model. The
    final model is scored on the test split; metrics, lineage (data stage and selection),
    fingerprints and timings go to ``metadata.json`` and to one tracked run.

    Raises:
        ValueError: Bad inputs (empty training split, unknown labels, a backbone that does
            not exist, max_length beyond the backbone, a malformed selection), or a
            multi-process torchrun job.
        FileNotFoundError: A data source that does not exist.
    """
    check_single_process()
    selection = read_selection(from_selection) if from_selection is not None else None
    if selection is not None:
        config = apply_selection(config, selection)
    started = time.perf_counter()
    data = run_data_stage(config.data, layout, Path(base_dir))
    splits = data.splits()
    schema = label_schema(config)
    preflight(config, splits, schema)
    from resume_ner.infrastructure.platform.adapters.device import resolve_device
    from resume_ner.training.core.backbone import short_backbone_name

    resolved = resolve_device(config.platform.device if device == "auto" else device)
    spec = spec_fp(config.model, config.data, config.training, data_fp=data.fingerprint)
    execution = exec_fp(resolved)
    index = MetadataIndex(layout.root)
    if not force:
        done = find_completed(index, layout, spec.value, execution.value)
        if done is not None:
            logger.info(
                "reused %s (same spec_fp and exec_fp)", layout.relative_to_root(done.run_dir)
            )
            return done
    backbone = config.model.name or short_backbone_name(config.model.backbone)
    inputs = VariantInputs(
        config,
        layout,
        data,
        splits,
        schema,
        resolved,
        spec,
        execution,
        backbone,
        selection,
        prepare_seconds=time.perf_counter() - started,
    )
    tracker = tracker if tracker is not None else make_tracker(config.tracking, layout.root)
    with training_slot(
        index,
        layout,
        backbone=backbone,
        spec_fp=spec.value,
        exec_fp=execution.value,
        resume=not force,
    ) as slot:
        action = "resuming" if slot.resumed else "training"
        logger.info("%s %s", action, layout.relative_to_root(slot.run_dir))
        return train_variant(inputs, slot, index, tracker, callbacks)
