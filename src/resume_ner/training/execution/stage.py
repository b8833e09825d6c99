"""The train stage: the final model of a config, trained here or launched, in one call.

``resume-ner train`` and ``resume-ner run`` both call :func:`run_train`, so the launcher
(``training.launcher`` or an explicit one), reuse by fingerprint and launch failures are
decided here alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.training import LAUNCHERS
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.training.execution.azure_job import plan_azureml, submit_plan
from resume_ner.training.execution.final import (
    WORLD_SIZE_ENV,
    check_single_process,
    run_final_training,
)
from resume_ner.training.execution.launcher import LaunchPlan, TrainArgs, plan_local, run_command
from resume_ner.training.execution.result import FinalTrainingResult

if TYPE_CHECKING:
    from resume_ner.infrastructure.tracking import Callback, Tracker


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
        ValueError: For torchrun with ``nproc_per_node > 1`` (the loop is single-process).
    """
    if plan.launcher == "azureml":
        submit_plan(plan, config)
        return 0
    if plan.launcher == "torchrun":
        check_single_process({WORLD_SIZE_ENV: str(config.training.nproc_per_node)})
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
