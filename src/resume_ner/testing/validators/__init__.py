"""Validators of configs, datasets, folds and artifacts: each returns check results."""
