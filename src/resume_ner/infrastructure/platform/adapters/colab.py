"""Google Colab: outputs on the mounted Drive when present (they survive the runtime)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from resume_ner.infrastructure.platform.adapters.base import AdapterBase, under

COLAB_CONTENT_DIR = Path("/content")
"""Colab's working folder."""
DRIVE_PROJECT_DIR = Path("drive") / "MyDrive" / "resume-ner"
"""Project folder on the mounted Drive, relative to the content folder."""


class ColabAdapter(AdapterBase):
    """A Colab notebook runtime."""

    name = "colab"

    def __init__(
        self, env: Mapping[str, str] | None = None, content_dir: Path = COLAB_CONTENT_DIR
    ) -> None:
        """Use ``env`` and Colab's ``content_dir`` (``/content``)."""
        super().__init__(env)
        self.content_dir = content_dir

    @property
    def drive_mounted(self) -> bool:
        """Whether Google Drive is mounted at ``<content>/drive/MyDrive``."""
        return (self.content_dir / DRIVE_PROJECT_DIR.parent).is_dir()

    def output_root(self, configured: str) -> Path:
        """Relative roots go under ``/content/drive/MyDrive/resume-ner`` or ``/content``.

        With Drive mounted the default ``outputs`` becomes
        ``/content/drive/MyDrive/resume-ner/outputs``; without it ``/content/outputs``
        (lost when the runtime ends). An absolute ``configured`` is kept.
        """
        base = self.content_dir / DRIVE_PROJECT_DIR if self.drive_mounted else self.content_dir
        return under(base, configured)
