"""Isolated workspaces: temporary output root with its own MLflow and Optuna stores (arrive with the main-job issue)."""
