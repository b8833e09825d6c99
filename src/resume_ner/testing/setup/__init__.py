"""Isolated workspaces: a temporary output root with its own MLflow and Optuna stores."""
