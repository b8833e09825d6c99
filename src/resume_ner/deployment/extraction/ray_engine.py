"""Run an extraction on Ray: plan here, read in Ray tasks, predict in a pool of Ray actors (one
model replica each), and append the records here with the same :class:`ResultsFile`.

Records are appended as prediction batches complete (each batch's records in input order;
batches in completion order, not input order). Resume, JSONL/CSV and the records themselves
are those of the local engine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction.model_package import ModelPackage, pack_model
from resume_ner.deployment.extraction.output import ResultsFile
from resume_ner.deployment.extraction.ray_cluster import import_ray, ray_session
from resume_ner.deployment.extraction.ray_pipeline import (
    RETRIES,
    ExtractCoordinator,
    RayOptions,
    Records,
)
from resume_ner.deployment.extraction.ray_stages import ReadFile
from resume_ner.deployment.extraction.reading import read_one
from resume_ner.deployment.extraction.records import failure_record
from resume_ner.deployment.extraction.runner import ExtractProgress, ExtractSummary, plan_files

logger = logging.getLogger(__name__)

WORKER_FAILED = "worker_failed"
"""Error code of the files of a batch given up after its worker died ``RETRIES + 1`` times."""
POLL_S = 1.0
"""Longest wait of one call for finished batches (the command stays responsive to Ctrl-C)."""
_SHOWN = 5
"""Files of a given-up batch named in the log."""


class RayRunError(RuntimeError):
    """The Ray run stopped before the end (cluster lost, pipeline error); records stay."""


def _summary_of(exc: BaseException) -> str:
    """The first and last lines of a Ray error (its middle is a remote traceback)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1]}"


@contextlib.contextmanager
def _deferred_interrupt() -> Iterator[threading.Event]:
    """While in the block, Ctrl-C sets the event instead of raising inside Ray's calls (which
    can leave a Ray Client connection hanging); a second Ctrl-C raises at once. Only in the
    main thread, and not where SIGINT is ignored."""
    interrupted = threading.Event()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else signal.SIG_IGN
    if previous == signal.SIG_IGN:
        yield interrupted
        return

    def on_sigint(signum: int, frame: object) -> None:
        if interrupted.is_set():
            raise KeyboardInterrupt
        interrupted.set()

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def _coordinated(
    ray: ModuleType,
    todo: Sequence[str],
    package: ModelPackage,
    options: RayOptions,
    *,
    limits: DocumentLimits,
    read: ReadFile,
    interrupted: threading.Event,
) -> Iterator[Records]:
    """Record batches from a coordinator actor running the pipeline; killed on the way out.

    Raises:
        KeyboardInterrupt: Between two polls once ``interrupted`` is set (also when the
            interruption broke the cluster first).
    """
    actor_class: Any = ray.remote(num_cpus=0, max_restarts=0)(ExtractCoordinator)
    coordinator = actor_class.remote(list(todo), package, options, limits, read)
    try:
        while not interrupted.is_set():
            batches = ray.get(coordinator.next_batches.remote(POLL_S))
            if batches is None:
                return
            yield from batches
        raise KeyboardInterrupt
    except Exception:
        if interrupted.is_set():  # a terminal's Ctrl-C also reaches a local Ray instance
            raise KeyboardInterrupt from None
        raise
    finally:
        with contextlib.suppress(Exception):
            ray.kill(coordinator)  # its tasks and actors go with it


def _given_up(pending: dict[str, str | None]) -> Records:
    """Failure records of the files whose batch never came back, logged by name."""
    names = ", ".join(list(pending)[:_SHOWN]) + (", ..." if len(pending) > _SHOWN else "")
    logger.error(
        "a Ray worker died %d times on the batch(es) of %d file(s): %s; they are recorded as "
        "%s (see the Ray logs; --retry-failed tries them again)",
        RETRIES + 1,
        len(pending),
        names,
        WORKER_FAILED,
    )
    message = f"the Ray worker handling this file's batch died {RETRIES + 1} times"
    return [failure_record(path, sha, WORKER_FAILED, message, 0.0) for path, sha in pending.items()]


def run_extract_ray(
    paths: Sequence[Path],
    model: str | os.PathLike[str],
    results: ResultsFile,
    *,
    options: RayOptions | None = None,
    limits: DocumentLimits | None = None,
    on_progress: Callable[[ExtractProgress], None] | None = None,
    read: ReadFile = read_one,
) -> ExtractSummary:
    """Record every file of ``paths`` whose content ``results`` does not hold yet, on Ray.

    Hashes are checked here before anything is dispatched; Ray is not started when nothing is
    new. The model folder is packed here and shipped through Ray's object store (only the
    weights of the backend chosen), so workers need not see ``model``; input files are read by
    their absolute path on the workers, so they must lie at the same path on every node. A file
    that cannot be read or predicted is recorded with its error; a batch whose worker dies
    ``RETRIES + 1`` times is recorded as ``worker_failed``; the run goes on.

    Args:
        read: Reads one file on a worker (must be importable there).

    Raises:
        ValueError: If ``actors``, ``threads`` or ``batch_size`` is below 1.
        ImportError: When Ray is not installed.
        ConnectionError: When the cluster cannot be reached.
        RayRunError: When the run stops on a Ray error (what was recorded stays).
    """
    options = options or RayOptions()
    if min(options.actors, options.batch_size, options.cpus_per_actor) < 1:
        raise ValueError(f"actors, threads and batch size must be at least 1: {options}")
    import_ray()
    start = time.perf_counter()
    package = pack_model(model, options.backend)
    todo, skipped, skipped_failed = plan_files(paths, results)
    done = failed = 0

    def record(records: Records) -> None:
        nonlocal done, failed
        results.append(records)
        done += len(records)
        failed += sum(item["error"] is not None for item in records)
        if on_progress is not None:
            on_progress(ExtractProgress(done, len(todo), failed, time.perf_counter() - start))

    if todo:
        logger.info("shipping model %s (%.1f MB) to the actors", model, package.size / 1e6)
        pending = dict(todo)
        cpus = options.actors * options.cpus_per_actor + 1
        with _deferred_interrupt() as interrupted, ray_session(options.address, cpus) as ray:
            if interrupted.is_set():  # while connecting
                raise KeyboardInterrupt
            batches = _coordinated(
                ray,
                list(todo),
                package,
                options,
                limits=limits or DocumentLimits(),
                read=read,
                interrupted=interrupted,
            )
            try:
                for records in batches:
                    record(records)
                    for item in records:
                        pending.pop(item["path"], None)
            except ray.exceptions.RayError as exc:
                logger.debug("the Ray run stopped", exc_info=exc)
                raise RayRunError(
                    f"the Ray run stopped after recording {done} documents: {_summary_of(exc)}; "
                    f"{results.path} is valid: rerun the same command to resume"
                ) from None
        if pending:
            record(_given_up(pending))
    seconds = time.perf_counter() - start
    return ExtractSummary(len(paths), done, failed, skipped, skipped_failed, seconds, results.path)
