"""The event bus of training, HPO trials and tracking: callbacks subscribe, stages emit.

A stage emits ``on_stage_start`` / ``on_metrics`` / ``on_stage_end``; the training loop emits
``on_train_begin``, ``on_epoch_end`` (a callback may return :data:`STOP`) and ``on_train_end``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from resume_ner.infrastructure.tracking.base import RunHandle

logger = logging.getLogger(__name__)

STOP: Literal["stop"] = "stop"
"""Return this from :meth:`Callback.on_epoch_end` to end training (e.g. an Optuna prune)."""
EPOCH_KEY = "epoch"
"""The epoch number in the loop's metrics; a step, not a metric."""


@dataclass(frozen=True)
class TrainInfo:
    """What a training run is about to do (:meth:`Callback.on_train_begin`).

    Attributes:
        epochs: Maximum epochs.
        start_epoch: Epochs already done (non-zero when resuming from a checkpoint).
        steps_per_epoch: Optimizer steps per epoch.
        train_windows: Training windows.
        validation_documents: Validation documents (0 disables early stopping).
        device: Device the model trains on.
        precision: Concrete precision (fp32, bf16, fp16).
        output_dir: Folder of the checkpoints.
    """

    epochs: int
    start_epoch: int
    steps_per_epoch: int
    train_windows: int
    validation_documents: int
    device: str
    precision: str
    output_dir: str


class Callback:
    """A subscriber of stage and training events; every hook does nothing by default."""

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """The stage starts with ``params`` (its resolved settings)."""

    def on_train_begin(self, info: TrainInfo) -> None:
        """A training run starts (or resumes)."""

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Epoch ``epoch`` (1-based) ended with its training and validation metrics.

        Return :data:`STOP` to end training after this epoch (its checkpoint is still
        written; the result says ``stop_reason="callback"``).
        """
        return None

    def on_train_end(self, result: Any) -> None:
        """A training run ended with ``result`` (a ``TrainResult``)."""

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """``metrics`` were measured at ``step`` (``None``: facts of the whole run)."""

    def on_stage_end(self, status: str) -> None:
        """The stage ended with ``status`` (``completed``, ``failed``, ``pruned``...)."""


class CallbackList(Callback):
    """Fans every event out to several callbacks, in order."""

    def __init__(self, callbacks: Iterable[Callback] = ()) -> None:
        """Hold ``callbacks``."""
        self.callbacks = list(callbacks)

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_stage_start(params)

    def on_train_begin(self, info: TrainInfo) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_train_begin(info)

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Forward to every callback; :data:`STOP` when any of them asked to stop."""
        stop = False
        for callback in self.callbacks:
            if callback.on_epoch_end(epoch, dict(metrics)) == STOP:
                logger.info("%s asked to stop after epoch %d", type(callback).__name__, epoch)
                stop = True
        return STOP if stop else None

    def on_train_end(self, result: Any) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_train_end(result)

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_metrics(step, metrics)

    def on_stage_end(self, status: str) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_stage_end(status)


class RunCallback(Callback):
    """Records events in an open run: params, metrics per step (the epoch), the end status.

    Metric names get ``prefix`` in front (``refit_`` for a refit logged to the same run,
    ``fold0_`` for a fold). Non-finite epoch metrics are skipped; a resumed run logs only
    the epochs it trains.
    """

    def __init__(self, run: RunHandle, prefix: str = "") -> None:
        """Record into ``run`` (from ``tracker.stage_run``), naming metrics ``prefix + key``."""
        self.run = run
        self.prefix = prefix

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """Log ``params``."""
        if params:
            self.run.log_params(params)

    def on_train_begin(self, info: TrainInfo) -> None:
        """Log the run's shape (epochs, start epoch, windows) at step = start epoch."""
        shape = {"max_epochs": info.epochs, "start_epoch": info.start_epoch}
        self.on_metrics(info.start_epoch, {**shape, "train_windows": info.train_windows})

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Log the finite ``metrics`` (without ``epoch``) at step ``epoch``."""
        finite = {k: float(v) for k, v in metrics.items() if k != EPOCH_KEY and math.isfinite(v)}
        self.on_metrics(epoch, finite)
        return None

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """Log ``metrics`` at ``step``."""
        self.run.log_metrics({f"{self.prefix}{k}": v for k, v in metrics.items()}, step=step)

    def on_stage_end(self, status: str) -> None:
        """Make the run end with ``status`` when its block exits cleanly."""
        self.run.set_end_status(status)
