"""Sections, stage-file readers, markdown and plots of the main job's final report."""

from resume_ner.reporting.sections import (
    BenchmarkSummary,
    DataSummary,
    DocumentRate,
    EpochPoint,
    HpoSummary,
    LabelScore,
    LatencyRow,
    ParitySummary,
    ParityVariant,
    SelectionSummary,
    TrainingSummary,
)

__all__ = [
    "BenchmarkSummary",
    "DataSummary",
    "DocumentRate",
    "EpochPoint",
    "HpoSummary",
    "LabelScore",
    "LatencyRow",
    "ParitySummary",
    "ParityVariant",
    "SelectionSummary",
    "TrainingSummary",
]
