"""One trial: its config, its training runs (one, or one per fold) and the study objective.

A trainer (:data:`TrainFn`) emits each epoch's validation ``span_f1`` on the event bus; a
:class:`TrialRecorder` on that bus counts epochs, keeps the trainer's notes and, for an Optuna
trial, reports the score and returns ``STOP`` once the pruner says so. The objective holds no
tracking code: it records facts as trial attributes which study callbacks log afterwards.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Fold, Splits, kfold_documents
from resume_ner.infrastructure.config import apply_overrides
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import spec_fp
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking.callbacks import STOP, Callback
from resume_ner.training.hpo.search_space import suggest_params

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

METRIC = "span_f1"
"""The validation metric trials report after each epoch."""
# Trial attributes: the trial config's spec_fp, its backbone (latency lookups in selection),
# epochs trained over all its runs, each completed fold's score, the step it was pruned at.
ATTR_SPEC_FP = "spec_fp"
ATTR_BACKBONE = "backbone"
ATTR_EPOCHS = "epochs_trained"
ATTR_FOLD_SCORES = "fold_scores"
ATTR_PRUNED_AT = "pruned_at"


class HpoError(ValueError):
    """The study cannot run with this config and data; the message names the config key."""


@dataclass(frozen=True)
class HpoData:
    """Documents a study trains on: one train/validation pair, or k document folds."""

    train: tuple[Document, ...]
    validation: tuple[Document, ...]
    folds: tuple[Fold, ...] = ()

    @classmethod
    def from_splits(cls, splits: Splits, config: ResumeNerConfig) -> HpoData:
        """Use ``splits.train``/``splits.validation``; with k-fold, fold their union.

        The test split is never used by the search.

        Raises:
            HpoError: If there is no validation document without k-fold, or ``hpo.kfold.k``
                exceeds the number of documents.
        """
        kfold = config.hpo.kfold
        if not kfold.enabled:
            if not splits.train or not splits.validation:
                raise HpoError(
                    "hpo needs training and validation documents; got "
                    f"{len(splits.train)} train and {len(splits.validation)} validation "
                    "(raise data.split.validation or enable hpo.kfold)"
                )
            return cls(splits.train, splits.validation)
        pool = (*splits.train, *splits.validation)
        if kfold.k > len(pool):
            raise HpoError(
                f"hpo.kfold.k: k={kfold.k} folds need at least {kfold.k} documents, but the "
                f"train and validation splits hold {len(pool)}"
            )
        folds = kfold_documents(pool, kfold.k, config.data.seed, config.data.split.stratify)
        return cls(splits.train, splits.validation, tuple(folds))


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


TrainFn = Callable[[ResumeNerConfig, TrialData, Sequence[Callback]], float]
"""``train_fn(config, data, callbacks) -> best validation span-F1``: one training run.

The trainer emits ``on_epoch_end(epoch, {"span_f1": ...})`` to ``callbacks`` after each
epoch and stops when it returns ``STOP``; facts about the run (``param_count``,
``best_epoch``...) go out as ``on_metrics(None, notes)``.
"""


class TrialRecorder(Callback):
    """Counts epochs and keeps notes; with an Optuna trial, reports and prunes per epoch."""

    def __init__(self, trial: optuna.trial.Trial | None = None) -> None:
        """Report each epoch's span-F1 to ``trial`` (none: only record)."""
        self.trial = trial
        self.epochs = 0
        self.last_epoch = 0
        self.notes: dict[str, Any] = {}
        self.pruned_at: int | None = None

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Record the epoch; ``STOP`` once the trial is pruned."""
        if self.pruned_at is not None:
            return STOP
        self.epochs += 1
        self.last_epoch = epoch
        score = metrics.get(METRIC)
        if self.trial is None or score is None or not math.isfinite(score):
            return None
        self.trial.report(float(score), epoch)
        if self.trial.should_prune():
            self.pruned_at = epoch
            return STOP
        return None

    def on_metrics(self, step: int | None, metrics: Mapping[str, Any]) -> None:
        """Keep the run's notes (``step`` None)."""
        if step is None:
            self.notes.update(metrics)

    def record(self, trial: optuna.trial.Trial) -> None:
        """Set the notes and ``epochs_trained`` as trial attributes."""
        for key, value in self.notes.items():
            trial.set_user_attr(key, value)
        trial.set_user_attr(ATTR_EPOCHS, self.epochs)


def run_folds(
    config: ResumeNerConfig,
    data: HpoData,
    folder: Path,
    train_fn: TrainFn,
    *,
    callbacks: Callable[[int | None], Sequence[Callback]],
    on_fold: Callable[[list[float]], None] | None = None,
) -> list[float]:
    """Train ``config`` once, or once per fold into ``folder/fold-<i>``; return the scores.

    ``callbacks(fold)`` gives each run's subscribers (fold ``None`` without k-fold);
    ``on_fold`` sees the scores so far after each fold.
    """
    if not data.folds:
        run = TrialData(data.train, data.validation, folder)
        return [float(train_fn(config, run, callbacks(None)))]
    scores: list[float] = []
    for fold in data.folds:
        run = TrialData(fold.train, fold.validation, folder / f"fold-{fold.index}", fold.index)
        scores.append(float(train_fn(config, run, callbacks(fold.index))))
        if on_fold is not None:
            on_fold(scores)
    return scores


def trial_config(base: ResumeNerConfig, params: Mapping[str, Any]) -> ResumeNerConfig:
    """The config of one trial: ``hpo.epochs_per_trial`` (when set) then ``params`` applied."""
    overrides: dict[str, Any] = {}
    if base.hpo.epochs_per_trial is not None:
        overrides["training.epochs"] = base.hpo.epochs_per_trial
    overrides.update(params)
    return apply_overrides(base, overrides, "search-space parameter")


def max_steps(config: ResumeNerConfig) -> int:
    """Most steps a trial reports: k with a k-fold objective, else epochs per trial."""
    if config.hpo.kfold.enabled:
        return config.hpo.kfold.k
    return config.hpo.epochs_per_trial or config.training.epochs


@dataclass(frozen=True)
class Objective:
    """Callable objective of ``study.optimize``: validation span-F1 (or its fold mean).

    Each trial applies its params to ``config``, trains on ``data`` with ``train_fn`` into
    its folder of ``layout``; ``data_fp`` (the dataset fingerprint) enters its ``spec_fp``.
    """

    config: ResumeNerConfig
    data: HpoData
    layout: OutputLayout
    train_fn: TrainFn
    data_fp: str

    def __call__(self, trial: optuna.trial.Trial) -> float:
        """Run one trial; raises ``optuna.TrialPruned`` when the pruner stops it."""
        params = suggest_params(trial, self.config.hpo.search_space)
        config = trial_config(self.config, params)
        fingerprint = spec_fp(config.model, config.data, config.training, data_fp=self.data_fp)
        trial.set_user_attr(ATTR_SPEC_FP, fingerprint.value)
        trial.set_user_attr(ATTR_BACKBONE, config.model.backbone)
        folder = self.layout.hpo_trial_dir(self.config.hpo.study_name, trial.number)
        recorder = TrialRecorder(None if self.data.folds else trial)
        try:
            scores = run_folds(
                config,
                self.data,
                folder,
                self.train_fn,
                callbacks=lambda _fold: [recorder],
                on_fold=lambda scores: self._fold_done(trial, scores),
            )
        finally:
            recorder.record(trial)
        if recorder.pruned_at is not None:
            _prune(trial, recorder.pruned_at, f"epoch {recorder.pruned_at}")
        mean = statistics.fmean(scores)
        if self.data.folds:
            trial.set_user_attr("fold_mean", mean)
            trial.set_user_attr("fold_std", statistics.pstdev(scores))
        return mean

    def _fold_done(self, trial: optuna.trial.Trial, scores: list[float]) -> None:
        trial.set_user_attr(ATTR_FOLD_SCORES, list(scores))
        trial.report(statistics.fmean(scores), len(scores))
        k = len(self.data.folds)
        first = self.config.hpo.kfold.prune_after_first_fold
        if first and len(scores) < k and trial.should_prune():
            _prune(trial, len(scores), f"fold {len(scores)} of {k}")


def _prune(trial: optuna.trial.Trial, step: int, where: str) -> None:
    import optuna

    trial.set_user_attr(ATTR_PRUNED_AT, step)
    logger.info("trial %d pruned after %s", trial.number, where)
    raise optuna.TrialPruned(f"pruned after {where}")
