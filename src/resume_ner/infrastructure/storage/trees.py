"""Files under one storage root: list with sizes, hash, and copy by relative path."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import IO, Any

from resume_ner.common.shared import atomic_open
from resume_ner.infrastructure.storage.excludes import Excludes
from resume_ner.infrastructure.storage.locations import Location
from resume_ner.infrastructure.storage.manifest import is_manifest_name

_CHUNK = 1 << 20
_REMOTE_FILE_MODE = 0o644
_STAMP_KEYS = (
    "ETag",
    "etag",
    "md5Hash",
    "generation",
    "LastModified",
    "last_modified",
    "updated",
    "mtime",
    "created",
)


@dataclass(frozen=True)
class FileStat:
    """Size and change marker (ETag, mtime, ...) of one stored file."""

    size: int
    stamp: str


def _stamp(info: dict[str, Any]) -> str:
    """The storage's change marker from an fsspec info record ("" when it gives none)."""
    return "|".join(f"{key}={info[key]}" for key in _STAMP_KEYS if info.get(key) is not None)


class Tree:
    """A folder on any fsspec filesystem addressed by relative POSIX paths."""

    def __init__(self, location: Location) -> None:
        """Wrap ``location`` (a folder, which may not exist yet)."""
        self.location = location
        self.fs = location.fs
        self.root = location.path.rstrip("/")

    def path_of(self, rel: str) -> str:
        """Full path of ``rel`` on the filesystem."""
        return f"{self.root}/{rel}"

    def list_files(self, excludes: Excludes | None = None) -> dict[str, FileStat]:
        """Every file below the root (manifests and excluded paths left out).

        Returns:
            Relative POSIX path -> stat; ``{}`` when the folder does not exist.
        """
        if not self.fs.isdir(self.root or "/"):
            return {}
        prefix = f"{self.root}/"
        found: dict[str, dict[str, Any]] = self.fs.find(self.root or "/", detail=True)
        files: dict[str, FileStat] = {}
        for path, info in found.items():
            name = str(path)
            if info.get("type") != "file" or not name.startswith(prefix):
                continue
            rel = name[len(prefix) :]
            if is_manifest_name(rel.rsplit("/", 1)[-1]):
                continue
            if excludes and excludes.matches(rel):
                continue
            files[rel] = FileStat(int(info.get("size") or 0), _stamp(info))
        return files

    def stat(self, rel: str) -> FileStat | None:
        """Stat of one file, or ``None`` when it is missing or not a file."""
        try:
            info = self.fs.info(self.path_of(rel))
        except FileNotFoundError:
            return None
        if info.get("type") != "file":
            return None
        return FileStat(int(info.get("size") or 0), _stamp(info))

    def sha256(self, rel: str) -> str:
        """SHA-256 of one file, streamed in chunks."""
        digest = hashlib.sha256()
        with self.fs.open(self.path_of(rel), "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def copy_to(self, rel: str, dest: Tree, dest_rel: str) -> tuple[str, int]:
        """Copy one file to ``dest``; atomic (temp file + rename) on a local destination.

        Returns:
            SHA-256 and size of the bytes written.
        """
        target = dest.path_of(dest_rel)
        with self.fs.open(self.path_of(rel), "rb") as source:
            if dest.location.local:
                mode = self._mode(rel)
                with atomic_open(target, "wb", encoding=None) as handle:
                    os.fchmod(handle.fileno(), mode)
                    return _pump(source, handle)
            dest.fs.makedirs(target.rsplit("/", 1)[0] or "/", exist_ok=True)
            with dest.fs.open(target, "wb") as handle:
                return _pump(source, handle)

    def _mode(self, rel: str) -> int:
        """Permission bits for a local copy: the source's when local, else rw-r--r--."""
        if not self.location.local:
            return _REMOTE_FILE_MODE
        return os.stat(self.path_of(rel)).st_mode & 0o777


def _pump(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    """Stream ``source`` into ``target`` while hashing; return (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        target.write(chunk)
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
