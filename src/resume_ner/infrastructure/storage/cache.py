"""Make a remote file or folder local: fetch once into a cache, reuse while unchanged."""

from __future__ import annotations

import json
import logging
import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.shared import atomic_write_text, file_lock, hash_value
from resume_ner.core import safe_path_part
from resume_ner.infrastructure.storage.locations import is_local, resolve
from resume_ner.infrastructure.storage.manifest import (
    ManifestEntry,
    parse_manifest,
    render_manifest,
)
from resume_ner.infrastructure.storage.sync import transfer

logger = logging.getLogger(__name__)

_KEY_HASH_LENGTH = 12
_LOCK_TIMEOUT_S = 600.0


def ensure_local(
    path_or_url: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str],
    *,
    storage_options: Mapping[str, Any] | None = None,
) -> Path:
    """Return a local path for ``path_or_url``, fetching a remote file or folder when needed.

    A local path (or ``file://`` URL) is returned as is. A remote one is copied into
    ``cache_dir/<name>-<hash of the URL>/`` under a lock; later calls re-list the remote side
    and download only files whose size, change marker (ETag, mtime) or manifest hash changed.

    Args:
        path_or_url: Local path or fsspec URL of a file or folder.
        cache_dir: Folder holding fetched copies.
        storage_options: Keyword arguments for the remote filesystem.

    Returns:
        The local folder, or the local file for a file URL.

    Raises:
        StorageError: Bad URL, missing backend, or the remote location does not exist.
        SyncError: Some files could not be fetched.
    """
    text = os.fspath(path_or_url)
    if is_local(text):
        return Path(text) if "://" not in text else resolve(text).local_path
    source = resolve(text, storage_options)
    name = safe_path_part(posixpath.basename(source.path.rstrip("/")) or source.fs.protocol)
    key = f"{name}-{hash_value(text, _KEY_HASH_LENGTH)}"
    cache = Path(cache_dir).expanduser()
    entry_dir = cache / key
    record = cache / f"{key}.source.json"
    with file_lock(cache / f"{key}.lock", timeout=_LOCK_TIMEOUT_S):
        is_file = source.fs.isfile(source.path)
        target = entry_dir / posixpath.basename(source.path) if is_file else entry_dir
        report, synced = transfer(
            source, resolve(target), source_hints=_read_record(record), verb="fetch"
        )
        hints = {
            item.source_rel: ManifestEntry(item.sha256, item.size, item.stamp)
            for item in synced
            if item.stamp
        }
        atomic_write_text(record, render_manifest(hints))
        report.raise_for_failures()
    logger.info("%s is available at %s", text, target)
    return target


def _read_record(path: Path) -> dict[str, ManifestEntry]:
    """Hashes recorded by the previous fetch (``{}`` when missing or unreadable)."""
    if not path.is_file():
        return {}
    try:
        return parse_manifest(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable fetch record %s: %s", path, exc)
        return {}
