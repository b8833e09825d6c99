"""Summaries across seeds and folds: count, mean, sample std, min and max per metric."""

from resume_ner.testing.aggregators.summary import MetricStats, RunSummary, summarize_runs

__all__ = ["MetricStats", "RunSummary", "summarize_runs"]
