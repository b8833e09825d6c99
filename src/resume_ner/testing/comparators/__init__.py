"""Metric and prediction diffs between artifacts or runs, PyTorch-vs-ONNX parity tables."""

from resume_ner.testing.comparators.metrics import MetricDiff, MetricRow, diff_metrics
from resume_ner.testing.comparators.parity import ParitySummary, logits_parity
from resume_ner.testing.comparators.predictions import (
    DocumentDiff,
    PredictionDiff,
    diff_predictions,
)

__all__ = [
    "DocumentDiff",
    "MetricDiff",
    "MetricRow",
    "ParitySummary",
    "PredictionDiff",
    "diff_metrics",
    "diff_predictions",
    "logits_parity",
]
