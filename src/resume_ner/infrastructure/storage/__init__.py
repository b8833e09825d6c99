"""Backup and restore of the output root to any fsspec URL, skipping unchanged files."""

from resume_ner.infrastructure.storage.sync import (
    MANIFEST_NAME,
    StorageError,
    SyncReport,
    backup,
    backup_output_root,
    open_url,
    restore,
)

__all__ = [
    "MANIFEST_NAME",
    "StorageError",
    "SyncReport",
    "backup",
    "backup_output_root",
    "open_url",
    "restore",
]
