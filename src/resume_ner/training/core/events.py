"""Training events that trackers and pruners subscribe to (callbacks, not inline calls)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from resume_ner.training.core.result import TrainResult

logger = logging.getLogger(__name__)

STOP: Literal["stop"] = "stop"
"""Return this from :meth:`Callback.on_epoch_end` to end training (e.g. an Optuna prune)."""


@dataclass(frozen=True)
class TrainInfo:
    """What a run is about to do, given to :meth:`Callback.on_train_begin`.

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
    """Base class of training callbacks; override the events you need.

    ``on_epoch_end`` may return :data:`STOP` to end training after this epoch (its checkpoint
    is still written); the result then says ``stop_reason="callback"``.
    """

    def on_train_begin(self, info: TrainInfo) -> None:
        """Called once before the first (or first resumed) epoch."""

    def on_evaluate(self, metrics: Mapping[str, float]) -> None:
        """Called with the validation metrics after each epoch's evaluation."""

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Called after each epoch (1-based) with its training and validation metrics."""
        return None

    def on_train_end(self, result: TrainResult) -> None:
        """Called once with the final result."""


class CallbackList:
    """Dispatches events to several callbacks, in order."""

    def __init__(self, callbacks: Sequence[Callback | Any] = ()) -> None:
        self.callbacks = list(callbacks)

    def train_begin(self, info: TrainInfo) -> None:
        """Fan out ``on_train_begin``."""
        for callback in self.callbacks:
            if hasattr(callback, "on_train_begin"):
                callback.on_train_begin(info)

    def evaluate(self, metrics: Mapping[str, float]) -> None:
        """Fan out ``on_evaluate``."""
        for callback in self.callbacks:
            if hasattr(callback, "on_evaluate"):
                callback.on_evaluate(dict(metrics))

    def epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> bool:
        """Fan out ``on_epoch_end``; True when any callback asked to stop."""
        stop = False
        for callback in self.callbacks:
            if (
                hasattr(callback, "on_epoch_end")
                and callback.on_epoch_end(epoch, dict(metrics)) == STOP
            ):
                logger.info("%s asked to stop after epoch %d", type(callback).__name__, epoch)
                stop = True
        return stop

    def train_end(self, result: TrainResult) -> None:
        """Fan out ``on_train_end``."""
        for callback in self.callbacks:
            if hasattr(callback, "on_train_end"):
                callback.on_train_end(result)
