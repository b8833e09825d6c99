"""Run an extraction on Ray Data: plan here, read in Ray tasks, predict in a pool of Ray actors
(one model replica each), and append the records here with the same :class:`ResultsFile`.

Records are appended as prediction batches complete (each batch's records in input order;
batches in completion order, not input order). Resume, JSONL/CSV and the records themselves
are those of the local engine.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction.model_package import ModelPackage, pack_model
from resume_ner.deployment.extraction.output import ResultsFile
from resume_ner.deployment.extraction.ray_cluster import import_ray, ray_session
from resume_ner.deployment.extraction.ray_stages import PredictBatches, ReadFile, read_files
from resume_ner.deployment.extraction.reading import read_one
from resume_ner.deployment.extraction.records import failure_record
from resume_ner.deployment.extraction.runner import (
    DEFAULT_BATCH_SIZE,
    ExtractProgress,
    ExtractSummary,
    plan_files,
)

logger = logging.getLogger(__name__)

READ_BATCH = 8
"""Files per reading task."""
RETRIES = 2
"""Retries of a reading task or prediction batch whose Ray worker died (then it is given up)."""
WORKER_FAILED = "worker_failed"
"""Error code of the files of a batch given up after its worker died ``RETRIES + 1`` times."""
_SHOWN = 5
"""Files of a given-up batch named in the log."""


@dataclass(frozen=True)
class RayOptions:
    """How the Ray engine runs.

    Attributes:
        address: ``None`` (a private local Ray instance for the run), ``auto`` (the cluster of
            ``ray start`` or of a Ray job), ``host:port`` or ``ray://host:10001``.
        actors: Model replicas: Ray actors that each load the model once.
        threads: Inference threads of each actor, and the CPUs it reserves (``None``: 1).
        backend: ``auto``, ``pytorch``, ``onnx`` or ``onnx_int8``, as the local engine.
        device: Device of the PyTorch backend; ``cuda...`` reserves one GPU per actor.
        batch_size: Documents per predict call.
    """

    address: str | None = None
    actors: int = 1
    threads: int | None = None
    backend: str = "auto"
    device: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE

    @property
    def cpus_per_actor(self) -> int:
        """CPUs one actor reserves."""
        return self.threads or 1


def _dataset(
    ray: ModuleType,
    todo: Sequence[str],
    package: ModelPackage,
    options: RayOptions,
    *,
    limits: DocumentLimits,
    read: ReadFile,
) -> Any:
    """The Ray Data pipeline: file rows -> reading tasks -> predicting actors -> records."""
    items = [{"path": path, "file": os.path.abspath(path)} for path in todo]
    dataset = ray.data.from_items(items, override_num_blocks=math.ceil(len(items) / READ_BATCH))
    predict_args = {"model": package, "backend": options.backend, "device": options.device}
    gpus = {"num_gpus": 1} if options.device.startswith("cuda") else {}
    with warnings.catch_warnings():  # retry limits are only settable through ray_remote_args
        warnings.filterwarnings("ignore", "`ray_remote_args` is deprecated", DeprecationWarning)
        dataset = dataset.map_batches(
            read_files,
            batch_size=READ_BATCH,
            batch_format="pyarrow",
            fn_kwargs={"limits": limits, "read": read},
            num_cpus=1,
            max_retries=RETRIES,
        )
        dataset = dataset.map_batches(
            PredictBatches,
            batch_size=options.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=options.actors),
            fn_constructor_kwargs={**predict_args, "threads": options.cpus_per_actor},
            num_cpus=options.cpus_per_actor,
            max_task_retries=RETRIES,
            **gpus,
        )
    dataset.context.max_errored_blocks = -1  # a batch given up is recorded, the run goes on
    dataset.context.enable_progress_bars = False
    return dataset


def _record_batches(dataset: Any) -> Iterator[list[dict[str, Any]]]:
    """The records of each prediction batch, as batches complete."""
    ray_data_logger = logging.getLogger("ray.data")
    level = ray_data_logger.level
    ray_data_logger.setLevel(logging.ERROR)
    batches = dataset.iter_batches(batch_size=None, batch_format="pyarrow")
    try:
        for table in batches:
            yield [json.loads(line) for line in table.column("record").to_pylist()]
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()  # stops the streaming executor, also on Ctrl-C
        ray_data_logger.setLevel(level)


def _given_up(pending: dict[str, str | None]) -> list[dict[str, Any]]:
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
    new. The model folder is packed here and shipped through Ray's object store (only the weights
    of the backend chosen), so workers need not see ``model``; input files are read by their
    absolute path on the workers, so they must lie at the same path on every node. A file that
    cannot be read or predicted is recorded with its error; a batch whose worker dies
    ``RETRIES + 1`` times is recorded as ``worker_failed``; the run goes on.

    Args:
        read: Reads one file on a worker (must be importable there).

    Raises:
        ValueError: If ``actors``, ``threads`` or ``batch_size`` is below 1.
        ImportError: When Ray is not installed.
        ConnectionError: When the cluster cannot be reached.
    """
    options = options or RayOptions()
    if min(options.actors, options.batch_size, options.cpus_per_actor) < 1:
        raise ValueError(f"actors, threads and batch size must be at least 1: {options}")
    import_ray()
    start = time.perf_counter()
    package = pack_model(model, options.backend)
    todo, skipped, skipped_failed = plan_files(paths, results)
    done = failed = 0

    def record(records: list[dict[str, Any]]) -> None:
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
        with ray_session(options.address, cpus) as ray:
            dataset = _dataset(
                ray, list(todo), package, options, limits=limits or DocumentLimits(), read=read
            )
            for records in _record_batches(dataset):
                record(records)
                for item in records:
                    pending.pop(item["path"], None)
        if pending:
            record(_given_up(pending))
    seconds = time.perf_counter() - start
    return ExtractSummary(len(paths), done, failed, skipped, skipped_failed, seconds, results.path)
