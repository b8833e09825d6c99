"""Kaggle notebooks: outputs under /kaggle/working, the folder Kaggle keeps."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from resume_ner.infrastructure.platform.adapters.base import AdapterBase, under

KAGGLE_WORKING_DIR = Path("/kaggle/working")
"""The only folder whose files Kaggle saves with the notebook version."""


class KaggleAdapter(AdapterBase):
    """A Kaggle notebook or script kernel."""

    name = "kaggle"

    def __init__(
        self, env: Mapping[str, str] | None = None, working_dir: Path = KAGGLE_WORKING_DIR
    ) -> None:
        """Use ``env`` and Kaggle's ``working_dir`` (``/kaggle/working``)."""
        super().__init__(env)
        self.working_dir = working_dir

    def output_root(self, configured: str) -> Path:
        """Relative roots go under ``/kaggle/working`` (default: ``/kaggle/working/outputs``)."""
        return under(self.working_dir, configured)
