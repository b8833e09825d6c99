"""Fingerprint-idempotent final training: in-process, a child process, torchrun or Azure ML."""

from resume_ner.training.execution.launcher import TrainArgs
from resume_ner.training.execution.result import FinalTrainingResult
from resume_ner.training.execution.stage import (
    LaunchError,
    TrainStageResult,
    execute_plan,
    latest_training,
    plan_launch,
    run_final_training,
    run_train,
)

__all__ = [
    "FinalTrainingResult",
    "LaunchError",
    "TrainArgs",
    "TrainStageResult",
    "execute_plan",
    "latest_training",
    "plan_launch",
    "run_final_training",
    "run_train",
]
