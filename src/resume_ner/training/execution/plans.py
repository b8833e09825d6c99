"""Choose and run a launcher other than in-process: a child process, torchrun or Azure ML."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.training.execution.azure_job import plan_azureml, submit_plan
from resume_ner.training.execution.final import WORLD_SIZE_ENV, check_single_process
from resume_ner.training.execution.launcher import LaunchPlan, TrainArgs, plan_local, run_command

LAUNCHERS = ("inprocess", "subprocess", "torchrun", "azureml")
"""Every launch mode, in-process first (the default)."""


def plan_launch(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    launcher: str | None = None,
    args: TrainArgs | None = None,
    *,
    code: str | os.PathLike[str] | None = None,
) -> LaunchPlan:
    """Prepare a launch: write its config (and job YAML) and build its command.

    Args:
        config: The resolved config.
        layout: Output layout (files go to ``logs/launch/``).
        base_dir: Folder relative data sources resolve against.
        launcher: ``subprocess``, ``torchrun`` or ``azureml`` (default:
            ``training.launcher``).
        args: ``--force``, ``--from-selection`` and ``--device`` for the launched training.
        code: Azure ML code snapshot folder (default: this checkout).

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
