"""The manifest stored next to a backup: relative path -> sha256 and size of each file."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from resume_ner.common.shared import atomic_write_text
from resume_ner.infrastructure.storage.locations import Location

logger = logging.getLogger(__name__)

MANIFEST_NAME = ".resume-ner-manifest.json"
"""File name of the manifest, written in the root folder of a backup."""
MANIFEST_FORMAT = "resume-ner-manifest/1"
"""Format tag stored in every manifest."""


@dataclass(frozen=True)
class ManifestEntry:
    """What is known about one stored file.

    Attributes:
        sha256: Hex digest of the file's bytes.
        size: Size in bytes.
        stamp: The storage's change marker (ETag, mtime, ...) when it was recorded, if any.
    """

    sha256: str
    size: int
    stamp: str | None = None


def is_manifest_name(name: str) -> bool:
    """Whether a file name is a manifest or one of its temporary files (never synced)."""
    return name.startswith(MANIFEST_NAME)


def manifest_path(folder: Location) -> str:
    """Path of the manifest inside ``folder`` on ``folder.fs``."""
    return f"{folder.path.rstrip('/')}/{MANIFEST_NAME}"


def read_manifest(folder: Location) -> dict[str, ManifestEntry]:
    """Read the manifest of ``folder``; a missing or unreadable one gives ``{}`` (with a warning).

    Args:
        folder: The backup root.

    Returns:
        Relative POSIX path -> entry.
    """
    path = manifest_path(folder)
    try:
        if not folder.fs.isfile(path):
            return {}
        raw = folder.fs.cat_file(path)
        return parse_manifest(json.loads(raw))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        logger.warning("ignoring unreadable manifest %s: %s; hashing files instead", path, exc)
        return {}


def parse_manifest(data: Any) -> dict[str, ManifestEntry]:
    """Validate manifest JSON and turn it into entries.

    Raises:
        ValueError: The document is not a manifest, naming the bad key.
    """
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"not a {MANIFEST_FORMAT} document")
    files = data.get("files")
    if not isinstance(files, dict):
        raise ValueError("key 'files' must be an object")
    entries: dict[str, ManifestEntry] = {}
    for rel, item in files.items():
        if not isinstance(item, dict):
            raise ValueError(f"files.{rel}: expected an object")
        sha, size, stamp = item.get("sha256"), item.get("size"), item.get("stamp")
        if not isinstance(sha, str) or not isinstance(size, int) or isinstance(size, bool):
            raise ValueError(f"files.{rel}: needs string 'sha256' and integer 'size'")
        entries[rel] = ManifestEntry(sha, size, stamp if isinstance(stamp, str) else None)
    return entries


def render_manifest(entries: Mapping[str, ManifestEntry]) -> str:
    """Serialize entries as stable, sorted JSON."""
    files: dict[str, dict[str, Any]] = {}
    for rel in sorted(entries):
        entry = entries[rel]
        item: dict[str, Any] = {"sha256": entry.sha256, "size": entry.size}
        if entry.stamp is not None:
            item["stamp"] = entry.stamp
        files[rel] = item
    document = {"format": MANIFEST_FORMAT, "files": files}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_manifest(folder: Location, entries: Mapping[str, ManifestEntry]) -> None:
    """Atomically write the manifest of ``folder`` (temp file, then rename).

    Args:
        folder: The backup root (created if missing).
        entries: Relative POSIX path -> entry.
    """
    text = render_manifest(entries)
    path = manifest_path(folder)
    if folder.local:
        atomic_write_text(path, text)
        return
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    folder.fs.makedirs(folder.path, exist_ok=True)
    folder.fs.pipe_file(tmp, text.encode("utf-8"))
    try:
        folder.fs.mv(tmp, path)
    finally:
        if folder.fs.exists(tmp):
            folder.fs.rm_file(tmp)
