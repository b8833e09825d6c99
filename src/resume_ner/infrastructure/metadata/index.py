"""The file-locked, append-only JSON Lines index of runs under an output root, and save_run."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from pydantic import ValidationError

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.constants.files import INDEX_FILE, INDEX_LOCK_FILE
from resume_ner.common.shared.locking import LockTimeoutError, file_lock
from resume_ner.infrastructure.fingerprints import Fingerprint
from resume_ner.infrastructure.metadata.entry import IndexEntry
from resume_ner.infrastructure.metadata.model import RunMetadata, relative_to_root
from resume_ner.infrastructure.metadata.store import (
    MetadataError,
    describe_validation_error,
    read_metadata,
    write_metadata,
)

logger = logging.getLogger(__name__)

_TAIL_CHUNK = 1 << 16


class MetadataIndex:
    """The index of every run under one output root.

    Each :meth:`record` appends one JSON line (a single write, flushed and fsynced) while
    holding an inter-process lock, so many processes may record at once. A line is committed
    only once its newline is written: readers ignore an unterminated last line (left by a
    crash) with a warning, and the next append cuts it off. Several records of one run_id
    are updates: the last one wins.

    Lookups return runs newest first: by finish time (start time for unfinished runs), then
    by index order.
    """

    def __init__(self, output_root: str | os.PathLike[str], lock_timeout: float = 60.0):
        """Open (lazily: nothing is created until the first record) the index of a root."""
        self.output_root = Path(output_root)
        self.path = self.output_root / INDEX_FILE
        self.lock_path = self.output_root / INDEX_LOCK_FILE
        self.lock_timeout = lock_timeout

    def record(self, meta: RunMetadata, run_dir: str | os.PathLike[str]) -> IndexEntry:
        """Append the current state of ``meta``, whose folder is ``run_dir``.

        Raises:
            ValueError: If ``run_dir`` is not inside the output root.
            LockTimeoutError: If the index stays locked past the timeout.
        """
        entry = IndexEntry.from_metadata(meta, relative_to_root(run_dir, self.output_root))
        line = (entry.model_dump_json() + "\n").encode("utf-8")
        with file_lock(self.lock_path, self.lock_timeout):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                _drop_partial_tail(fd, self.path)
                _write_all(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def all(self) -> list[IndexEntry]:
        """Every run in its latest state, newest first."""
        latest: dict[str, tuple[int, IndexEntry]] = {}
        for position, entry in enumerate(self._read()):
            latest[entry.run_id] = (position, entry)
        ordered = sorted(latest.values(), key=lambda item: (item[1].sort_time, item[0]))
        return [entry for _, entry in reversed(ordered)]

    def get(self, run_id: str) -> IndexEntry | None:
        """The latest state of run ``run_id``, or None when it is not indexed."""
        return next((e for e in self.all() if e.run_id == run_id), None)

    def find(self, **fingerprints: str | Fingerprint) -> list[IndexEntry]:
        """Runs whose fingerprints include all given ones (``spec_fp=..., exec_fp=...``)."""
        return [e for e in self.all() if e.matches(fingerprints)]

    def find_completed(
        self, stage: Stage | str, **fingerprints: str | Fingerprint
    ) -> list[IndexEntry]:
        """Completed runs of ``stage`` matching the given fingerprints, newest first."""
        wanted = Stage(stage)
        return [
            e
            for e in self.find(**fingerprints)
            if e.stage == wanted and e.status == StageStatus.COMPLETED
        ]

    def latest(self, stage: Stage | str) -> IndexEntry | None:
        """The newest completed run of ``stage``, or None."""
        return next(iter(self.find_completed(stage)), None)

    def run_path(self, entry: IndexEntry) -> Path:
        """The run folder of ``entry`` under this output root."""
        return self.output_root / entry.run_dir

    def load(self, entry: IndexEntry) -> RunMetadata:
        """Read the full metadata.json of an indexed run."""
        return read_metadata(self.run_path(entry))

    def _read(self) -> list[IndexEntry]:
        try:
            with file_lock(self.lock_path, self.lock_timeout):
                raw = self._raw()
        except LockTimeoutError:
            raise
        except OSError:
            logger.debug("cannot lock %s (read-only); reading without the lock", self.lock_path)
            raw = self._raw()
        return self._parse(raw)

    def _raw(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""

    def _parse(self, raw: bytes) -> list[IndexEntry]:
        lines = raw.split(b"\n")
        if lines[-1].strip():
            logger.warning(
                "%s:%d: ignoring an incomplete last record (%d bytes) left by an interrupted write",
                self.path,
                len(lines),
                len(lines[-1]),
            )
        entries = []
        for number, line in enumerate(lines[:-1], start=1):
            if line.strip():
                entries.append(self._parse_line(line, number))
        return entries

    def _parse_line(self, line: bytes, number: int) -> IndexEntry:
        try:
            data = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MetadataError(self.path, f"corrupt index record: {exc}", number) from None
        if not isinstance(data, dict):
            raise MetadataError(self.path, "index record is not a JSON object", number)
        try:
            return IndexEntry.model_validate(data)
        except ValidationError as exc:
            problem = describe_validation_error(exc)
            raise MetadataError(self.path, f"invalid index record: {problem}", number) from None


def save_run(
    run_dir: str | os.PathLike[str], meta: RunMetadata, index: MetadataIndex
) -> IndexEntry:
    """Atomically write ``run_dir/metadata.json``, then append ``meta`` to ``index``.

    The metadata file is written first, so every index record points at a readable file.
    Call it at each status change (running, then completed or failed): the index keeps the
    latest record of each run.

    Raises:
        ValueError: If ``run_dir`` is outside the index's output root (nothing is written).
    """
    relative_to_root(run_dir, index.output_root)
    write_metadata(run_dir, meta)
    return index.record(meta, run_dir)


def _write_all(fd: int, data: bytes) -> None:
    """One ``write`` of the whole record (looping only if the OS writes it short)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _drop_partial_tail(fd: int, path: Path) -> None:
    """Cut an unterminated last line (from a crashed writer) so the next record starts clean."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    end = size
    keep = 0
    while end > 0:
        start = max(0, end - _TAIL_CHUNK)
        chunk = os.pread(fd, end - start, start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            keep = start + newline + 1
            break
        end = start
    logger.warning("%s: dropping an incomplete last record (%d bytes)", path, size - keep)
    os.ftruncate(fd, keep)
