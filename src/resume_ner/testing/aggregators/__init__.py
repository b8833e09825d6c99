"""Summaries across seeds and folds: mean, std, min, max (arrive with the main-job issue)."""
