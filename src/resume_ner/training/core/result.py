"""The outcome of a training run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced.

    Attributes:
        best_metrics: Metrics of the best epoch (by validation ``span_f1``; the last epoch
            when there is no validation set).
        best_epoch: The best epoch (1-based), or None when no epoch ran.
        history: One metrics dict per epoch (``epoch``, ``train_loss``, ``learning_rate``,
            ``tokens_per_second``, ``epoch_seconds`` and the validation metrics).
        best_path: Folder of the best model (None unless ``training.save_best``).
        last_path: Folder of the last checkpoint (None unless ``training.save_last``).
        tokens_per_second: Training throughput over all epochs, those before a resume
            included (non-padding tokens through forward, backward and optimizer steps).
        epochs_run: Epochs completed, including those before a resume.
        stopped_early: Whether training ended before ``training.epochs``.
        stop_reason: ``"early_stopping"``, ``"callback"`` or None.
        resumed_from_epoch: Epochs already done when this process started (0 for a fresh run).
    """

    best_metrics: dict[str, float]
    best_epoch: int | None
    history: list[dict[str, float]]
    best_path: Path | None
    last_path: Path | None
    tokens_per_second: float
    epochs_run: int
    stopped_early: bool
    stop_reason: str | None = None
    resumed_from_epoch: int = 0

    @property
    def best_score(self) -> float:
        """Best validation span-F1 (0.0 when unknown)."""
        return float(self.best_metrics.get("span_f1", 0.0))
