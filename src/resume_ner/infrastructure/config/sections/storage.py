"""Config of the output root's backup to any fsspec URL."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel

DEFAULT_EXCLUDES = ("*.lock", "*.tmp", "__pycache__", ".ipynb_checkpoints", "cache")
"""Left out of every backup and restore: locks, temporary files and caches."""


class StorageConfig(StrictModel):
    """Where ``resume-ner storage backup|restore`` and the pipeline copy the output root."""

    backup_url: str | None = Field(
        None,
        description="Folder or fsspec URL (a mounted Drive folder, gs://, s3://, abfs://, "
        "memory://) the output root is backed up to after each pipeline run, and the default "
        "URL of `resume-ner storage backup|restore`; null: no backup.",
    )
    exclude: list[str] = Field(
        default_factory=lambda: list(DEFAULT_EXCLUDES),
        description="Glob patterns left out, matched against each file or folder name and "
        "against the whole relative path (`**/checkpoint-*`).",
    )
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Keyword arguments of the fsspec filesystem (credentials, endpoint_url, ...).",
    )
