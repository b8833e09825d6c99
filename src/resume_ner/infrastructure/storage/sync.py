"""Back up the output root to any fsspec URL and restore it, skipping unchanged files.

A backup folder holds the files and a manifest (:data:`MANIFEST_NAME`: relative path -> size
and sha256) written after them, so the next backup compares by size and hash without reading
the remote files. Files are written to local folders (restores, mounted Drive folders)
atomically: a temporary file, then a rename. Neither direction deletes anything.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from resume_ner.common.shared import atomic_open
from resume_ner.infrastructure.config.sections.storage import DEFAULT_EXCLUDES

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout

logger = logging.getLogger(__name__)

MANIFEST_NAME = ".resume-ner-manifest.json"
"""File name of the manifest in the root folder of a backup."""
MANIFEST_FORMAT = "resume-ner-manifest/1"
"""Format tag stored in every manifest."""
_CHUNK = 1 << 20

Hashes = dict[str, tuple[int, str]]
"""Relative POSIX path -> (size, sha256)."""


class StorageError(ValueError):
    """A storage location cannot be used: bad URL, missing backend, overlap or missing source."""


@dataclass
class SyncReport:
    """What one backup or restore did: files copied, left unchanged and failed."""

    source: str
    dest: str
    copied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    bytes_copied: int = 0

    @property
    def ok(self) -> bool:
        """Whether every file was copied or already identical."""
        return not self.failed

    def summary(self) -> str:
        """One line: where from and to, copied (bytes), unchanged and failed files."""
        text = (
            f"{self.source} -> {self.dest}: {len(self.copied)} copied "
            f"({self.bytes_copied:,} bytes), {len(self.skipped)} unchanged, "
            f"{len(self.failed)} failed"
        )
        return text + "".join(f"\n  failed {rel}: {why}" for rel, why in self.failed)


@dataclass(frozen=True)
class Location:
    """A folder on some filesystem: where a backup goes or the output root."""

    fs: AbstractFileSystem
    root: str

    @property
    def local(self) -> bool:
        """Whether the folder is on the local disk (a mounted Drive folder included)."""
        return "file" in _protocols(self.fs)

    def path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def files(self, excludes: Iterable[str]) -> dict[str, int]:
        """Relative path -> size of every file below the root, manifests and excludes left out."""
        if not self.fs.isdir(self.root):
            return {}
        prefix, patterns = f"{self.root}/", tuple(excludes)
        found = self.fs.find(self.root, detail=True).items()
        return {
            path[len(prefix) :]: int(info.get("size") or 0)
            for path, info in found
            if info.get("type") == "file"
            and path.startswith(prefix)
            and not _excluded(path[len(prefix) :], patterns)
        }

    def sha256(self, rel: str, size: int, known: Mapping[str, tuple[int, str]]) -> str:
        """The recorded hash when its size still matches, else the hash of the bytes."""
        entry = known.get(rel)
        if entry is not None and entry[0] == size:
            return entry[1]
        with self.fs.open(self.path(rel), "rb") as handle:
            return _pump(handle)


def _protocols(fs: AbstractFileSystem) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether a pattern matches ``rel`` or one of its names; manifests always are."""
    parts = rel.split("/")
    if parts[-1].startswith(MANIFEST_NAME):
        return True
    return any(
        fnmatch.fnmatchcase(rel, pattern) or any(fnmatch.fnmatchcase(p, pattern) for p in parts)
        for pattern in patterns
    )


def _pump(source: IO[bytes], sink: IO[bytes] | None = None) -> str:
    """Read ``source`` to the end (writing it to ``sink``); return its sha256."""
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        if sink is not None:
            sink.write(chunk)
    return digest.hexdigest()


def open_url(url: str | os.PathLike[str], options: Mapping[str, Any] | None = None) -> Location:
    """The filesystem and folder of a local path or fsspec URL, with errors naming the URL.

    Raises:
        StorageError: Empty URL, unknown protocol, or its backend package is not installed.
    """
    from fsspec.core import url_to_fs
    from fsspec.registry import known_implementations

    text = os.path.expanduser(os.fspath(url))
    if not text:
        raise StorageError("empty storage URL: give a folder or a URL such as gs://bucket/outputs")
    try:
        fs, path = url_to_fs(text, **dict(options or {}))
    except ImportError as exc:
        protocol = text.split("://", 1)[0]
        module = str(known_implementations.get(protocol, {}).get("class", "")).split(".")[0]
        hint = f"pip install {module}" if module and module != "fsspec" else str(exc)
        raise StorageError(
            f"cannot open {text!r}: protocol {protocol!r} needs a package that is not "
            f"installed ({hint})"
        ) from exc
    except (TypeError, ValueError) as exc:
        raise StorageError(f"cannot open storage URL {text!r}: {exc}") from exc
    return Location(fs, path.rstrip("/") or "/")


def _read_manifest(end: Location) -> Hashes:
    """The backup's recorded hashes; ``{}`` when there is no readable manifest."""
    path = end.path(MANIFEST_NAME)
    try:
        if not end.fs.isfile(path):
            return {}
        data = json.loads(end.fs.cat_file(path))
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"not a {MANIFEST_FORMAT} document")
        return {rel: (int(e["size"]), str(e["sha256"])) for rel, e in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        logger.warning("ignoring unreadable manifest %s (%s); comparing by hash", path, exc)
        return {}


def _write_manifest(end: Location, hashes: Hashes) -> None:
    """Write the manifest under a temporary name, then rename it into place."""
    files = {rel: {"size": size, "sha256": sha} for rel, (size, sha) in sorted(hashes.items())}
    text = json.dumps({"format": MANIFEST_FORMAT, "files": files}, indent=1, sort_keys=True)
    temporary = end.path(f"{MANIFEST_NAME}.tmp")
    end.fs.pipe_file(temporary, (text + "\n").encode("utf-8"))
    end.fs.mv(temporary, end.path(MANIFEST_NAME))


def _copy(src: Location, dst: Location, rel: str) -> str:
    """Copy one file (atomically into a local folder); return its sha256."""
    target = dst.path(rel)
    with src.fs.open(src.path(rel), "rb") as source:
        if dst.local:
            with atomic_open(target, "wb", encoding=None) as sink:
                return _pump(source, sink)
        dst.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        with dst.fs.open(target, "wb") as sink:
            return _pump(source, sink)


def _transfer(
    src: Location,
    dst: Location,
    excludes: Iterable[str],
    report: SyncReport,
    known: tuple[Hashes, Hashes],
) -> tuple[Hashes, dict[str, int]]:
    """Copy every file of ``src`` whose bytes ``dst`` lacks.

    ``known`` holds the manifest hashes of ``src`` and of ``dst`` (``{}`` for the output root).

    Returns:
        The files now equal at both ends, and the sizes ``dst`` listed before the copy.
    """
    src_known, dst_known = known
    there = dst.files(())
    equal: Hashes = {}
    for rel, size in sorted(src.files(excludes).items()):
        try:
            if there.get(rel) == size and (sha := src.sha256(rel, size, src_known)) == dst.sha256(
                rel, size, dst_known
            ):
                report.skipped.append(rel)
            else:
                sha = _copy(src, dst, rel)
                report.copied.append(rel)
                report.bytes_copied += size
            equal[rel] = (size, sha)
        except Exception as exc:  # one bad file must not stop the others
            logger.warning("could not copy %s to %s: %s", rel, report.dest, exc)
            report.failed.append((rel, f"{type(exc).__name__}: {exc}"))
    return equal, there


def _check_apart(local: Path, other: Location, verb: str) -> None:
    """Refuse a local location inside the other one, or the other way round."""
    if other.local:
        a, b = Path(os.path.realpath(local)), Path(os.path.realpath(other.root))
        if a.is_relative_to(b) or b.is_relative_to(a):
            raise StorageError(
                f"cannot {verb} {local} and {other.root}: one folder is inside the other; "
                "choose a location outside the output root"
            )


def backup(
    root: str | os.PathLike[str],
    url: str,
    *,
    excludes: Iterable[str] = DEFAULT_EXCLUDES,
    options: Mapping[str, Any] | None = None,
) -> SyncReport:
    """Copy the files of ``root`` to ``url``, skipping those whose size and sha256 match.

    Args:
        root: The local folder (the output root).
        url: A folder (a mounted Drive folder), ``file://``, ``memory://``, ``gs://``, ...
        excludes: Glob patterns left out (see :class:`StorageConfig`).
        options: Keyword arguments of the fsspec filesystem.

    Raises:
        StorageError: ``root`` is not a folder, a bad URL or backend, or overlapping folders.
    """
    source = Path(root).expanduser().resolve()
    if not source.is_dir():
        raise StorageError(f"nothing to back up: {source} is not a folder")
    dst = open_url(url, options)
    _check_apart(source, dst, "back up")
    if dst.fs.isfile(dst.root):
        raise StorageError(f"cannot back up {source} to {url}: the destination is a file")
    report = SyncReport(str(source), str(url))
    known = _read_manifest(dst)
    equal, there = _transfer(open_url(source), dst, excludes, report, ({}, known))
    kept = {rel: entry for rel, entry in known.items() if there.get(rel) == entry[0]}
    for rel, _ in report.failed:
        kept.pop(rel, None)
    try:
        _write_manifest(dst, {**kept, **equal})
    except Exception as exc:  # the files are safe; only the record that speeds up the next one
        report.failed.append((MANIFEST_NAME, f"{type(exc).__name__}: {exc}"))
    logger.debug("backup %s", report.summary())
    return report


def restore(
    url: str,
    root: str | os.PathLike[str],
    *,
    excludes: Iterable[str] = DEFAULT_EXCLUDES,
    options: Mapping[str, Any] | None = None,
) -> SyncReport:
    """Copy a backup at ``url`` into ``root``; local files it does not hold are kept.

    Raises:
        StorageError: No backup at ``url``, a bad URL or backend, or overlapping folders.
    """
    target = Path(root).expanduser().resolve()
    src = open_url(url, options)
    _check_apart(target, src, "restore")
    if not src.fs.isdir(src.root):
        raise StorageError(f"nothing to restore: {url} does not exist or is not a folder")
    report = SyncReport(str(url), str(target))
    _transfer(src, open_url(target), excludes, report, (_read_manifest(src), {}))
    logger.debug("restore %s", report.summary())
    return report


def backup_output_root(config: ResumeNerConfig, layout: OutputLayout) -> SyncReport | None:
    """Back up ``layout.root`` to ``storage.backup_url``; ``None`` when no URL is configured."""
    storage = config.storage
    if not storage.backup_url:
        return None
    report = backup(
        layout.root, storage.backup_url, excludes=storage.exclude, options=storage.options
    )
    (logger.info if report.ok else logger.warning)("backup %s", report.summary())
    return report
