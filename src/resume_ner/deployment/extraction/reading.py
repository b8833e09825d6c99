"""Reading files for an extraction, in this process or in parallel worker processes."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from resume_ner.data.documents import DocumentError, DocumentLimits, ReadDocument, read_document

AHEAD_PER_WORKER = 4
"""Files submitted ahead of the one being consumed, per worker (bounds memory)."""


@dataclass(frozen=True)
class ReadOutcome:
    """One file read: its hash, and its document or its error (``code``, ``message``)."""

    path: str
    sha256: str | None
    document: ReadDocument | None
    error: tuple[str, str] | None
    seconds: float


def file_sha256(path: str | Path) -> str | None:
    """The sha256 of a file's bytes, or ``None`` when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def read_one(path: str, limits: DocumentLimits) -> ReadOutcome:
    """Read one file; every failure becomes the outcome's error, never an exception."""
    start = time.perf_counter()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        message = exc.strerror or str(exc)
        return ReadOutcome(path, None, None, ("unreadable_file", message), _since(start))
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        document = read_document(data, limits)
    except DocumentError as exc:
        return ReadOutcome(path, sha256, None, (exc.code, exc.message), _since(start))
    except Exception as exc:  # a reader's bug fails this file, not the run
        error = ("read_failed", f"{type(exc).__name__}: {exc}")
        return ReadOutcome(path, sha256, None, error, _since(start))
    return ReadOutcome(path, sha256, document, None, _since(start))


def _since(start: float) -> float:
    return time.perf_counter() - start


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where available (no fork of a process holding a model), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def read_in_order(
    paths: Iterable[str], limits: DocumentLimits, workers: int = 1
) -> Iterator[ReadOutcome]:
    """The outcomes of ``paths`` in their order; ``workers > 1`` reads in worker processes."""
    if workers <= 1:
        for path in paths:
            yield read_one(path, limits)
        return
    todo = iter(paths)
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        pending: deque[Future[ReadOutcome]] = deque()
        for path in todo:
            pending.append(pool.submit(read_one, path, limits))
            if len(pending) >= workers * AHEAD_PER_WORKER:
                break
        while pending:
            outcome = pending.popleft().result()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(read_one, following, limits))
            yield outcome
