"""The train stage: the final model of a config, trained here or launched, in one call.

``resume-ner train`` and ``resume-ner run`` both call :func:`run_train`, so the launcher
(``training.launcher`` or an explicit one), reuse by fingerprint and launch failures are
decided here alone. In-process, :func:`run_final_training` fingerprints the run, then reuses,
resumes or trains variant v<N>.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.data.stage import run_data_stage
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.training import LAUNCHERS
from resume_ner.infrastructure.fingerprints import exec_fp, spec_fp
from resume_ner.infrastructure.metadata import MetadataIndex
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import make_tracker
from resume_ner.training.execution.azure_job import plan_azureml, submit_plan
from resume_ner.training.execution.checks import label_schema, preflight
from resume_ner.training.execution.launcher import LaunchPlan, TrainArgs, plan_local, run_command
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.selection_input import apply_selection, read_selection
from resume_ner.training.execution.variant_run import VariantInputs, train_variant
from resume_ner.training.execution.variants import find_completed, training_slot

if TYPE_CHECKING:
    from resume_ner.infrastructure.tracking import Callback, Tracker

logger = logging.getLogger(__name__)


def run_final_training(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    *,
    force: bool = False,
    tracker: Tracker | None = None,
    from_selection: str | os.PathLike[str] | None = None,
    device: str = "auto",
    callbacks: Sequence[Callback] = (),
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

    Under torchrun (``WORLD_SIZE`` > 1) rank 0 does all of this alone while every rank
    trains (:func:`~resume_ner.training.core.leader.lead`): the other ranks write nothing,
    track nothing and return rank 0's result. ``training.nproc_per_node``/``nnodes`` are set
    to the job's real shape first, so the fingerprint counts the ranks.

    Raises:
        ValueError: Bad inputs (empty training split, unknown labels, a backbone that does
            not exist, max_length beyond the backbone, a malformed selection).
        FileNotFoundError: A data source that does not exist.
    """
    from resume_ner.infrastructure.platform.adapters.device import resolve_device
    from resume_ner.training.core.leader import lead, with_job_shape

    resolved = resolve_device(config.platform.device if device == "auto" else device)

    def final() -> FinalTrainingResult:
        return _final_training(
            with_job_shape(config),
            layout,
            base_dir,
            force=force,
            tracker=tracker,
            from_selection=from_selection,
            device=resolved,
            callbacks=callbacks,
        )

    return lead(resolved, final)


def _final_training(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    *,
    force: bool,
    tracker: Tracker | None,
    from_selection: str | os.PathLike[str] | None,
    device: str,
    callbacks: Sequence[Callback],
) -> FinalTrainingResult:
    selection = read_selection(from_selection) if from_selection is not None else None
    if selection is not None:
        config = apply_selection(config, selection)
    started = time.perf_counter()
    data = run_data_stage(config.data, layout, Path(base_dir))
    splits = data.splits()
    schema = label_schema(config)
    preflight(config, splits, schema)
    from resume_ner.training.core.backbone import short_backbone_name

    spec = spec_fp(config.model, config.data, config.training, data_fp=data.fingerprint)
    execution = exec_fp(device)
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
        device,
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


class LaunchError(RuntimeError):
    """A launched training exited with a non-zero status (its ``exit_code``)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.exit_code = status


@dataclass(frozen=True)
class TrainStageResult:
    """What the train stage did: the launcher, the final model (``None`` when it trains on
    Azure ML or was only planned), the launch plan and the Azure ML job name."""

    launcher: str
    training: FinalTrainingResult | None = None
    plan: LaunchPlan | None = None
    job: str | None = None

    @property
    def model_dir(self) -> Path | None:
        """The final model's folder on this machine, when there is one."""
        return self.training.model_dir if self.training is not None else None

    @property
    def state(self) -> str:
        """``trained``/``resumed``/``reused``, ``submitted`` (Azure ML) or ``planned``."""
        if self.training is not None:
            return self.training.state
        return "submitted" if self.job is not None else "planned"


def plan_launch(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    launcher: str | None = None,
    args: TrainArgs | None = None,
    *,
    code: str | os.PathLike[str] | None = None,
) -> LaunchPlan:
    """Write a launch's config (and Azure ML job YAML) and build its command.

    Raises:
        ValueError: For ``inprocess`` (nothing to launch) or an unknown launcher.
    """
    name = launcher or config.training.launcher
    if name in {"subprocess", "torchrun"}:
        return plan_local(config, layout, base_dir, name, args)
    if name == "azureml":
        return plan_azureml(config, layout, base_dir, args, code=code)
    raise ValueError(
        f"launcher {name!r} has nothing to launch; use one of {', '.join(LAUNCHERS[1:])}"
    )


def execute_plan(
    plan: LaunchPlan,
    config: ResumeNerConfig,
    *,
    cwd: str | os.PathLike[str] | None = None,
    on_output: Callable[[str], None] | None = None,
) -> int:
    """Run a plan: the command's exit code, or 0 once an Azure ML job completed streaming.

    Raises:
        CommandJobError: When an Azure ML job cannot be submitted (e.g. no workspace).
    """
    if plan.launcher == "azureml":
        submit_plan(plan, config)
        return 0
    return run_command(plan.argv, cwd=Path(cwd) if cwd is not None else None, on_output=on_output)


def latest_training(layout: OutputLayout) -> FinalTrainingResult:
    """The most recent completed final training under the output root.

    Raises:
        FileNotFoundError: When no training run has completed there.
    """
    from resume_ner.infrastructure.metadata import MetadataIndex

    index = MetadataIndex(layout.root)
    entry = index.latest("train")
    if entry is None:
        raise FileNotFoundError(
            f"no completed training run under {layout.root}; run `resume-ner train` first"
        )
    meta = index.load(entry)
    run_dir = layout.from_relative(entry.run_dir)
    model = layout.from_relative(meta.artifacts["model"])
    return FinalTrainingResult.from_metadata(meta, run_dir, model, reused=True)


def run_train(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    args: TrainArgs | None = None,
    *,
    launcher: str | None = None,
    dry_run: bool = False,
    code: str | os.PathLike[str] | None = None,
    tracker: Tracker | None = None,
    callbacks: Sequence[Callback] = (),
    on_output: Callable[[str], None] | None = None,
) -> TrainStageResult:
    """Train the final model with the configured (or given) launcher.

    ``inprocess`` trains here (:func:`run_final_training`: reused, resumed or a new variant
    by fingerprint). ``subprocess`` and ``torchrun`` run ``resume-ner train`` on a child
    config and return the model the child recorded; ``azureml`` submits a command job and
    streams it. ``dry_run`` only plans (writes the child config or job YAML). ``args``:
    ``--force``, ``--from-selection`` and ``--device``, for here or for the launched training.

    Raises:
        ValueError: For an unknown launcher, a dry run in-process, or bad training inputs.
        LaunchError: When a launched training exits with a non-zero status.
    """
    name = launcher or config.training.launcher
    if name not in LAUNCHERS:
        raise ValueError(f"launcher {name!r}: use one of {', '.join(LAUNCHERS)}")
    if name != "inprocess" and not dry_run:
        from resume_ner.training.core.distributed import from_env

        if from_env().enabled:
            raise ValueError(
                f"launcher {name!r} inside a torchrun job: each rank would launch another "
                "training; use training.launcher=inprocess under torchrun"
            )
    args = args or TrainArgs()
    selection = Path(args.from_selection).resolve() if args.from_selection is not None else None
    if name == "inprocess":
        if dry_run:
            raise ValueError("a dry run shows what a subprocess, torchrun or azureml launch runs")
        result = run_final_training(
            config,
            layout,
            base_dir,
            force=args.force,
            tracker=tracker,
            from_selection=selection,
            device=args.device,
            callbacks=callbacks,
        )
        return TrainStageResult(name, training=result)
    launch = TrainArgs(force=args.force, from_selection=selection, device=args.device)
    plan = plan_launch(config, layout, base_dir, name, launch, code=code)
    if dry_run:
        return TrainStageResult(name, plan=plan)
    if name == "azureml":
        return TrainStageResult(name, plan=plan, job=submit_plan(plan, config))
    status = execute_plan(plan, config, cwd=base_dir, on_output=on_output)
    if status != 0:
        raise LaunchError(f"{name} training exited with status {status}", status)
    return TrainStageResult(name, training=latest_training(layout), plan=plan)
