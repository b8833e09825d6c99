"""Isolated workspaces: a temporary output root with its own MLflow and Optuna stores."""

from resume_ner.testing.setup.workspace import Workspace, isolated_workspace

__all__ = ["Workspace", "isolated_workspace"]
