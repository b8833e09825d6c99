"""Back up and restore an output folder or file to any fsspec URL, skipping unchanged files."""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from resume_ner.infrastructure.storage.errors import StorageError
from resume_ner.infrastructure.storage.excludes import Excludes
from resume_ner.infrastructure.storage.locations import Location, resolve
from resume_ner.infrastructure.storage.manifest import (
    MANIFEST_NAME,
    ManifestEntry,
    read_manifest,
    write_manifest,
)
from resume_ner.infrastructure.storage.report import SyncReport
from resume_ner.infrastructure.storage.trees import FileStat, Tree

logger = logging.getLogger(__name__)


@dataclass
class Synced:
    """One file that is identical at both ends after a sync."""

    source_rel: str
    dest_rel: str
    sha256: str
    size: int
    stamp: str


@dataclass
class _Plan:
    """Which files to sync, with the listings of both ends."""

    src: Tree
    dst: Tree
    folder: bool
    pairs: list[tuple[str, str]] = field(default_factory=list)
    src_stats: dict[str, FileStat] = field(default_factory=dict)
    dst_stats: dict[str, FileStat] = field(default_factory=dict)


def backup(
    source: Path,
    dest_url: str,
    *,
    excludes: Iterable[str] = (),
    storage_options: Mapping[str, Any] | None = None,
) -> SyncReport:
    """Copy a local folder or file to ``dest_url``, skipping files whose sha256 is unchanged.

    A manifest (:data:`MANIFEST_NAME`: relative path -> sha256 and size) is written atomically
    in the destination folder after the files, so the next backup compares remote files
    without downloading them. Files that fail are reported; the others are still copied.

    Args:
        source: The output folder (or one file) to back up.
        dest_url: Local path, mounted Drive folder, ``file://``, ``memory://``, ``s3://``, ...
            For a file source it names the destination file (or an existing folder).
        excludes: Glob patterns left out, e.g. ``"*.tmp"``, ``"**/checkpoint-*"``.
        storage_options: Keyword arguments for the remote filesystem.

    Returns:
        The report; call :meth:`SyncReport.raise_for_failures` to turn failures into an error.

    Raises:
        StorageError: Missing source, bad URL, missing backend, or overlapping locations.
    """
    src = resolve(source)
    dst = resolve(dest_url, storage_options)
    report, _ = transfer(src, dst, excludes=excludes, record_manifest=True, verb="back up")
    return report


def restore(
    src_url: str,
    dest: Path,
    *,
    excludes: Iterable[str] = (),
    storage_options: Mapping[str, Any] | None = None,
) -> SyncReport:
    """Copy a backup (folder or file at any fsspec URL) into a local path, skipping unchanged files.

    Local files are compared by their sha256 against the backup's manifest (or, without one,
    against the remote file's hash when the sizes match). Each file is written atomically.

    Args:
        src_url: Where the backup lives.
        dest: Local destination folder (or file, for a file backup).
        excludes: Glob patterns left out.
        storage_options: Keyword arguments for the remote filesystem.

    Returns:
        The report of copied, unchanged and failed files.

    Raises:
        StorageError: Missing backup, bad URL, missing backend, or overlapping locations.
    """
    src = resolve(src_url, storage_options)
    dst = resolve(dest)
    report, _ = transfer(src, dst, excludes=excludes, record_manifest=False, verb="restore")
    return report


def transfer(
    src: Location,
    dst: Location,
    *,
    excludes: Iterable[str] = (),
    record_manifest: bool = False,
    source_hints: Mapping[str, ManifestEntry] | None = None,
    verb: str = "copy",
) -> tuple[SyncReport, list[Synced]]:
    """Sync ``src`` (folder or file) to ``dst``; the engine behind backup, restore and fetch.

    Args:
        src: Source location.
        dst: Destination location.
        excludes: Glob patterns left out (inside folders).
        record_manifest: Write the destination manifest afterwards.
        source_hints: Known hashes of source files, trusted while size and stamp match.
        verb: Word used in error messages ("back up", "restore").

    Returns:
        The report and every file now identical at both ends.
    """
    plan = _plan(src, dst, Excludes(excludes), verb)
    src_known = {} if src.local else {**read_manifest(plan.src.location), **(source_hints or {})}
    dst_manifest = read_manifest(plan.dst.location) if record_manifest or not dst.local else {}
    dst_known = {} if dst.local else dst_manifest
    report = SyncReport(source=src.url, dest=dst.url)
    synced: list[Synced] = []
    for s_rel, d_rel in plan.pairs:
        try:
            copied, sha, size = _sync_file(plan, s_rel, d_rel, src_known, dst_known)
        except Exception as exc:  # one bad file must not stop the others
            logger.warning("could not copy %s to %s: %s", s_rel, dst.url, exc)
            report.failed.append((s_rel, f"{type(exc).__name__}: {exc}"))
            continue
        (report.copied if copied else report.skipped).append(s_rel)
        report.bytes_copied += size if copied else 0
        synced.append(Synced(s_rel, d_rel, sha, size, plan.src_stats[s_rel].stamp))
    if record_manifest:
        _record(plan, dst_manifest, synced, report)
    log = logger.warning if report.failed else logger.info
    log("%s", report.summary())
    return report, synced


def _sync_file(
    plan: _Plan,
    s_rel: str,
    d_rel: str,
    src_known: Mapping[str, ManifestEntry],
    dst_known: Mapping[str, ManifestEntry],
) -> tuple[bool, str, int]:
    """Copy one file unless the destination has the same bytes; return (copied, sha256, size)."""
    s_stat = plan.src_stats[s_rel]
    d_stat = plan.dst_stats.get(d_rel)
    if d_stat is not None and d_stat.size == s_stat.size:
        s_sha = _trusted(src_known, s_rel, s_stat) or plan.src.sha256(s_rel)
        d_sha = _trusted(dst_known, d_rel, d_stat) or plan.dst.sha256(d_rel)
        if s_sha == d_sha:
            return False, s_sha, s_stat.size
    sha, size = plan.src.copy_to(s_rel, plan.dst, d_rel)
    logger.debug("copied %s (%d bytes)", s_rel, size)
    return True, sha, size


def _trusted(known: Mapping[str, ManifestEntry], rel: str, stat: FileStat) -> str | None:
    """A recorded hash, if its size (and stamp, when recorded) still match the listing."""
    entry = known.get(rel)
    if entry is None or entry.size != stat.size:
        return None
    if entry.stamp is not None and entry.stamp != stat.stamp:
        return None
    return entry.sha256


def _record(
    plan: _Plan, old: Mapping[str, ManifestEntry], synced: list[Synced], report: SyncReport
) -> None:
    """Write the destination manifest: still-valid old entries plus everything just synced."""
    if plan.folder:
        kept = {
            rel: entry
            for rel, entry in old.items()
            if rel in plan.dst_stats and plan.dst_stats[rel].size == entry.size
        }
    else:
        kept = {rel: entry for rel, entry in old.items() if rel not in dict(plan.pairs).values()}
    for item in synced:
        kept[item.dest_rel] = ManifestEntry(item.sha256, item.size)
    failed = {rel for rel, _ in report.failed}
    for s_rel, d_rel in plan.pairs:
        if s_rel in failed:
            kept.pop(d_rel, None)
    try:
        write_manifest(plan.dst.location, kept)
    except Exception as exc:  # the files are safe; only the speed-up record is missing
        logger.warning("could not write the manifest in %s: %s", plan.dst.location.url, exc)
        report.failed.append((MANIFEST_NAME, f"{type(exc).__name__}: {exc}"))


def _plan(src: Location, dst: Location, excludes: Excludes, verb: str) -> _Plan:
    """Check both ends and list the files to sync."""
    if src.local and dst.local:
        _check_no_overlap(src.local_path, dst.local_path, verb)
    if src.fs.isdir(src.path):
        if dst.fs.isfile(dst.path):
            raise StorageError(
                f"cannot {verb} folder {src.url} into {dst.url}: the destination is a file"
            )
        plan = _Plan(Tree(src), Tree(dst), folder=True)
        plan.src_stats = plan.src.list_files(excludes)
        plan.dst_stats = plan.dst.list_files()
        plan.pairs = [(rel, rel) for rel in sorted(plan.src_stats)]
        if dst.local:
            dst.local_path.mkdir(parents=True, exist_ok=True)
        return plan
    if not src.fs.isfile(src.path):
        raise StorageError(f"nothing to {verb}: {src.url} does not exist")
    name = posixpath.basename(src.path)
    if dst.fs.isdir(dst.path):
        dst_tree, dst_name = Tree(dst), name
    else:
        dst_tree, dst_name = Tree(_parent(dst)), posixpath.basename(dst.path)
    plan = _Plan(Tree(_parent(src)), dst_tree, folder=False, pairs=[(name, dst_name)])
    src_stat = plan.src.stat(name)
    if src_stat is None:
        raise StorageError(f"nothing to {verb}: {src.url} is not a readable file")
    plan.src_stats = {name: src_stat}
    dst_stat = dst_tree.stat(dst_name)
    plan.dst_stats = {dst_name: dst_stat} if dst_stat is not None else {}
    return plan


def _parent(location: Location) -> Location:
    """The folder containing ``location``."""
    return replace(location, path=posixpath.dirname(location.path.rstrip("/")) or "/")


def _check_no_overlap(source: Path, dest: Path, verb: str) -> None:
    """Refuse to copy a location into itself, or a parent into its child and back.

    Raises:
        StorageError: ``dest`` equals, is inside, or contains ``source``.
    """
    src = Path(os.path.realpath(source))
    dst = Path(os.path.realpath(dest))
    if src == dst:
        raise StorageError(f"cannot {verb} {source} onto itself ({dest} is the same location)")
    if dst.is_relative_to(src):
        raise StorageError(
            f"cannot {verb} {source} into {dest}: the destination is inside the source; "
            "choose a destination outside it"
        )
    if src.is_relative_to(dst):
        raise StorageError(
            f"cannot {verb} {source} into {dest}: the source is inside the destination; "
            "choose a destination outside it"
        )
