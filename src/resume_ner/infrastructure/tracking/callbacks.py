"""Tracking as callbacks: stages emit events, subscribers such as an MLflow run record them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from resume_ner.infrastructure.tracking.base import RunHandle


class TrackingCallback:
    """Events a stage (train loop, HPO trial) emits; every hook does nothing by default."""

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """The stage starts with ``params`` (its resolved settings)."""

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """``metrics`` were measured at ``step`` (an epoch or optimiser step)."""

    def on_stage_end(self, status: str) -> None:
        """The stage ended with ``status`` (``completed``, ``failed``, ``pruned``...)."""


class MlflowStageCallback(TrackingCallback):
    """Forwards stage events to an open run handle (params, per-step metrics, end status)."""

    def __init__(self, run: RunHandle) -> None:
        """Subscribe ``run`` (from ``tracker.stage_run``) to the stage's events."""
        self.run = run

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """Log ``params`` to the run."""
        if params:
            self.run.log_params(params)

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """Log ``metrics`` to the run at ``step``."""
        self.run.log_metrics(metrics, step=step)

    def on_stage_end(self, status: str) -> None:
        """Make the run end with ``status`` when its block exits cleanly."""
        self.run.set_end_status(status)


class CallbackList(TrackingCallback):
    """Fans every event out to several callbacks, in order."""

    def __init__(self, callbacks: Iterable[TrackingCallback] = ()) -> None:
        """Hold ``callbacks``."""
        self.callbacks = list(callbacks)

    def on_stage_start(self, params: Mapping[str, Any] | None = None) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_stage_start(params)

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_metrics(step, metrics)

    def on_stage_end(self, status: str) -> None:
        """Forward to every callback."""
        for callback in self.callbacks:
            callback.on_stage_end(status)
