"""Fingerprint-idempotent final training: in-process, a child process, torchrun or Azure ML."""

from resume_ner.training.execution.final import check_single_process, run_final_training
from resume_ner.training.execution.launcher import (
    LaunchPlan,
    TrainArgs,
    subprocess_command,
    torchrun_command,
)
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.selection_input import (
    SelectionFileError,
    SelectionInput,
    read_selection,
)
from resume_ner.training.execution.stage import (
    LaunchError,
    TrainStageResult,
    execute_plan,
    latest_training,
    plan_launch,
    run_train,
)

__all__ = [
    "FinalTrainingResult",
    "LaunchError",
    "LaunchPlan",
    "SelectionFileError",
    "SelectionInput",
    "TrainArgs",
    "TrainStageResult",
    "check_single_process",
    "execute_plan",
    "latest_training",
    "plan_launch",
    "read_selection",
    "run_final_training",
    "run_train",
    "subprocess_command",
    "torchrun_command",
]
