"""What a trainer sees of a trial: the data of one training run and a per-epoch score reporter."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.config.root import ResumeNerConfig

if TYPE_CHECKING:
    import optuna


@dataclass(frozen=True)
class TrialData:
    """The documents of one training run of a trial and where it writes its checkpoints.

    Attributes:
        train: Training documents.
        validation: Documents the run is scored on (validation span-F1).
        output_dir: Checkpoint folder of this run (the trial folder, or ``fold-<i>`` in it).
        fold: Fold index with a k-fold objective, else ``None``.
    """

    train: tuple[Document, ...]
    validation: tuple[Document, ...]
    output_dir: Path
    fold: int | None = None


class Reporter(Protocol):
    """Receives a trainer's per-epoch validation score and says when to stop."""

    def report(self, epoch: int, score: float) -> bool:
        """Record ``score`` after ``epoch`` (1-based); ``True`` means stop training now."""
        ...

    def note(self, key: str, value: Any) -> None:
        """Record a fact about the run (``param_count``, ``best_epoch``...) on the trial."""
        ...


TrainFn = Callable[[ResumeNerConfig, TrialData, Reporter], float]
"""``train_fn(config, data, reporter) -> validation span-F1``: one training run of a trial.

The function trains with ``config`` on ``data.train``, scores each epoch on
``data.validation``, calls ``reporter.report(epoch, score)`` after each epoch and stops
training when it returns ``True``; it returns the best validation score.
"""


@dataclass
class RecordingReporter:
    """Records scores and notes and never stops training (k-fold rounds, single runs)."""

    scores: dict[int, float] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        """Epochs reported."""
        return len(self.scores)

    def report(self, epoch: int, score: float) -> bool:
        """Record ``score``; never asks to stop."""
        self.scores[int(epoch)] = float(score)
        return False

    def note(self, key: str, value: Any) -> None:
        """Record ``value`` under ``key``."""
        self.notes[key] = value


@dataclass
class PruningReporter(RecordingReporter):
    """Reports every epoch's score to an Optuna trial and asks it whether to prune.

    Once the pruner said so, :attr:`pruned_at` holds the epoch and every later report asks
    to stop again without reporting.
    """

    trial: optuna.trial.Trial | None = None
    pruned_at: int | None = None

    def report(self, epoch: int, score: float) -> bool:
        """Report ``score`` at step ``epoch``; ``True`` when the trial should be pruned."""
        if self.pruned_at is not None:
            return True
        super().report(epoch, score)
        if self.trial is None or not math.isfinite(score):
            return False
        self.trial.report(float(score), int(epoch))
        if self.trial.should_prune():
            self.pruned_at = int(epoch)
            return True
        return False
