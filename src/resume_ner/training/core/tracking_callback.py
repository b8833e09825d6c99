"""A training callback that forwards each epoch's metrics to an open tracking run."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from resume_ner.training.core.events import Callback, TrainInfo

if TYPE_CHECKING:
    from resume_ner.infrastructure.tracking import RunHandle

EPOCH_KEY = "epoch"
"""The epoch number in the metrics dict; used as the step, not logged as a metric."""


class RunMetricsCallback(Callback):
    """Logs every epoch's training and validation metrics to ``run`` at step = epoch.

    Metric names are the loop's keys (``train_loss``, ``span_f1``, ``span_f1/NAME`` ...)
    with ``prefix`` in front (e.g. ``refit_`` for a refit run logged to the same run).
    Non-finite values are skipped. A resumed run logs only the epochs it trains.
    """

    def __init__(self, run: RunHandle, prefix: str = "") -> None:
        """Forward to ``run`` (from ``tracker.stage_run``), naming metrics ``prefix + key``."""
        self.run = run
        self.prefix = prefix
        self.logged_epochs: list[int] = []

    def on_train_begin(self, info: TrainInfo) -> None:
        """Record the run's shape (epochs, start epoch, device) as metrics at step 0."""
        self.run.log_metrics(
            {
                f"{self.prefix}max_epochs": info.epochs,
                f"{self.prefix}start_epoch": info.start_epoch,
                f"{self.prefix}train_windows": info.train_windows,
            },
            step=info.start_epoch,
        )

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Log ``metrics`` (without ``epoch``) at step ``epoch``; never stops training."""
        values = {
            f"{self.prefix}{key}": float(value)
            for key, value in metrics.items()
            if key != EPOCH_KEY and math.isfinite(float(value))
        }
        self.run.log_metrics(values, step=epoch)
        self.logged_epochs.append(epoch)
        return None
