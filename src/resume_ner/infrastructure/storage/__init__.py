"""Back up, restore and ensure-local of output folders to any fsspec URL."""

from resume_ner.infrastructure.storage.cache import ensure_local
from resume_ner.infrastructure.storage.errors import StorageError, SyncError
from resume_ner.infrastructure.storage.excludes import Excludes
from resume_ner.infrastructure.storage.locations import Location, is_local, resolve
from resume_ner.infrastructure.storage.manifest import MANIFEST_NAME, ManifestEntry
from resume_ner.infrastructure.storage.report import SyncReport
from resume_ner.infrastructure.storage.sync import backup, restore

__all__ = [
    "MANIFEST_NAME",
    "Excludes",
    "Location",
    "ManifestEntry",
    "StorageError",
    "SyncError",
    "SyncReport",
    "backup",
    "ensure_local",
    "is_local",
    "resolve",
    "restore",
]
