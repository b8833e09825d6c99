"""Fingerprint-idempotent final training: in-process, a child process, torchrun or Azure ML."""

from resume_ner.training.execution.final import check_single_process, run_final_training
from resume_ner.training.execution.launcher import (
    LaunchPlan,
    TrainArgs,
    subprocess_command,
    torchrun_command,
)
from resume_ner.training.execution.plans import LAUNCHERS, execute_plan, plan_launch
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.selection_input import (
    SelectionFileError,
    SelectionInput,
    read_selection,
)

__all__ = [
    "LAUNCHERS",
    "FinalTrainingResult",
    "LaunchPlan",
    "SelectionFileError",
    "SelectionInput",
    "TrainArgs",
    "check_single_process",
    "execute_plan",
    "plan_launch",
    "read_selection",
    "run_final_training",
    "subprocess_command",
    "torchrun_command",
]
