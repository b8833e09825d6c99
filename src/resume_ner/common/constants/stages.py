"""Pipeline stage names, in execution order."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """A pipeline stage; its value is used in paths, run names and metadata."""

    DATA = "data"
    HPO = "hpo"
    SELECT = "select"
    TRAIN = "train"
    CONVERT = "convert"
    BENCH = "bench"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
"""Stages in the order the pipeline runs them."""


class StageStatus(StrEnum):
    """Lifecycle of a stage run recorded in metadata."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    REUSED = "reused"
