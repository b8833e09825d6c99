"""The Ray Data pipeline of ``extract --engine ray`` and the actor that drives it on the cluster.

Ray Data cannot be driven through Ray Client (``ray://``), so the pipeline always runs inside
an :class:`ExtractCoordinator` actor on the cluster, which hands finished record batches to the
command; the command only plans, polls and writes, whatever the address.
"""

from __future__ import annotations

import json
import logging
import math
import os
import queue
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction.model_package import ModelPackage
from resume_ner.deployment.extraction.ray_stages import PredictBatches, ReadFile, read_files
from resume_ner.deployment.extraction.runner import DEFAULT_BATCH_SIZE

READ_BATCH = 8
"""Files per reading task."""
RETRIES = 2
"""Retries of a reading task or prediction batch whose Ray worker died (then it is given up)."""
QUEUED_BATCHES = 64
"""Record batches the coordinator holds for the command before the pipeline waits."""

Records = list[dict[str, Any]]


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


def build_dataset(
    todo: Sequence[str],
    package: ModelPackage,
    options: RayOptions,
    limits: DocumentLimits,
    read: ReadFile,
) -> Any:
    """File rows -> reading tasks -> predicting actors -> ``record`` JSON lines."""
    import ray.data

    items = [{"path": path, "file": os.path.abspath(path)} for path in todo]
    blocks = math.ceil(len(items) / READ_BATCH)
    dataset: Any = ray.data.from_items(items, override_num_blocks=blocks)
    predict_args = {"model": package, "backend": options.backend, "device": options.device}
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
            num_gpus=1 if options.device.startswith("cuda") else None,
            max_task_retries=RETRIES,
        )
    dataset.context.max_errored_blocks = -1  # a batch given up is recorded, the run goes on
    dataset.context.enable_progress_bars = False
    return dataset


def record_batches(dataset: Any) -> Iterator[Records]:
    """The records of each prediction batch, as batches complete."""
    batches = dataset.iter_batches(batch_size=None, batch_format="pyarrow")
    try:
        for table in batches:
            yield [json.loads(line) for line in table.column("record").to_pylist()]
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()  # stops the streaming executor


class ExtractCoordinator:
    """Runs the pipeline in a thread (as a Ray actor) and hands record batches out."""

    def __init__(
        self,
        todo: Sequence[str],
        package: ModelPackage,
        options: RayOptions,
        limits: DocumentLimits,
        read: ReadFile,
    ) -> None:
        """Start the pipeline over ``todo`` (see :func:`build_dataset`)."""
        self._queue: queue.Queue[Records | BaseException | None] = queue.Queue(QUEUED_BATCHES)
        self._finished = False
        self._error: BaseException | None = None
        args = (todo, package, options, limits, read)
        threading.Thread(target=self._run, args=args, daemon=True).start()

    def _run(self, *args: Any) -> None:
        import ray.data  # noqa: F401  (configures its loggers: quiet them after)

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no per-dataset INFO lines
        try:
            for records in record_batches(build_dataset(*args)):
                self._queue.put(records)
        except BaseException as exc:  # handed to the command by next_batches
            self._queue.put(exc)
        else:
            self._queue.put(None)

    def next_batches(self, wait: float) -> list[Records] | None:
        """The batches ready (waiting up to ``wait`` s for one); ``None`` once all are out.

        Raises:
            Exception: What stopped the pipeline (after the batches that came before it).
        """
        if self._error is not None:
            raise self._error
        if self._finished:
            return None
        ready: list[Records] = []
        try:
            item = self._queue.get(timeout=wait)
            while item is not None:
                if isinstance(item, BaseException):
                    if not ready:
                        raise item
                    self._error = item
                    return ready
                ready.append(item)
                item = self._queue.get_nowait()
            self._finished = True
        except queue.Empty:
            pass
        return ready if ready or not self._finished else None
