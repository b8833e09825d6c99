"""The local machine: outputs under the working directory, embedded tracking."""

from __future__ import annotations

from pathlib import Path

from resume_ner.infrastructure.platform.adapters.base import AdapterBase, under


class LocalAdapter(AdapterBase):
    """A workstation or server run directly from a shell."""

    name = "local"

    def output_root(self, configured: str) -> Path:
        """``configured`` relative to the current working directory (absolute kept)."""
        return under(Path.cwd(), configured)
