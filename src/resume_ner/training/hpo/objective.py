"""The study objective: suggested params -> trial config -> training run(s) -> validation span-F1.

The objective holds no tracking code: it records facts as trial attributes (``spec_fp``,
``epochs_trained``, fold scores, the trainer's notes) which callbacks log afterwards.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Fold, Splits, kfold_documents
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import HpoConfig
from resume_ner.infrastructure.fingerprints import spec_fp
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.training.hpo.reporting import (
    PruningReporter,
    RecordingReporter,
    TrainFn,
    TrialData,
)
from resume_ner.training.hpo.search_space import apply_params, suggest_params

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

ATTR_SPEC_FP = "spec_fp"
"""Trial attribute: spec fingerprint of the trial's config."""
ATTR_BACKBONE = "backbone"
"""Trial attribute: the trial's backbone (latency lookups during selection)."""
ATTR_EPOCHS = "epochs_trained"
"""Trial attribute: epochs trained over all of the trial's runs."""
ATTR_FOLD_SCORES = "fold_scores"
"""Trial attribute: validation score of each completed fold."""
ATTR_FOLD_MEAN = "fold_mean"
"""Trial attribute: mean of the fold scores."""
ATTR_FOLD_STD = "fold_std"
"""Trial attribute: population standard deviation of the fold scores."""
ATTR_PRUNED_AT = "pruned_at"
"""Trial attribute: the step (epoch, or completed folds) at which the trial was pruned."""


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


def trial_config(base: ResumeNerConfig, params: Mapping[str, Any]) -> ResumeNerConfig:
    """The config of one trial: ``hpo.epochs_per_trial`` (when set) then ``params`` applied."""
    overrides: dict[str, Any] = {}
    if base.hpo.epochs_per_trial is not None:
        overrides["training.epochs"] = base.hpo.epochs_per_trial
    overrides.update(params)
    return apply_params(base, overrides)


def max_steps(config: ResumeNerConfig) -> int:
    """Most steps a trial reports: k with a k-fold objective, else epochs per trial."""
    hpo: HpoConfig = config.hpo
    if hpo.kfold.enabled:
        return hpo.kfold.k
    return hpo.epochs_per_trial or config.training.epochs


class Objective:
    """Callable objective of ``study.optimize``: returns validation span-F1 (or its fold mean)."""

    def __init__(
        self,
        config: ResumeNerConfig,
        data: HpoData,
        layout: OutputLayout,
        train_fn: TrainFn,
        *,
        data_fp: str,
    ) -> None:
        """Bind the base config, data, output layout and trainer.

        Args:
            config: Base config; each trial applies its params to it.
            data: Train/validation documents or folds.
            layout: Output layout (trial folders).
            train_fn: The trainer (see :data:`~resume_ner.training.hpo.reporting.TrainFn`).
            data_fp: Data fingerprint, part of each trial's ``spec_fp``.
        """
        self.config = config
        self.data = data
        self.layout = layout
        self.train_fn = train_fn
        self.data_fp = data_fp

    def __call__(self, trial: optuna.trial.Trial) -> float:
        """Run one trial; raises ``optuna.TrialPruned`` when the pruner stops it."""
        params = suggest_params(trial, self.config.hpo.search_space)
        config = trial_config(self.config, params)
        fingerprint = spec_fp(config.model, config.data, config.training, data_fp=self.data_fp)
        trial.set_user_attr(ATTR_SPEC_FP, fingerprint.value)
        trial.set_user_attr(ATTR_BACKBONE, config.model.backbone)
        folder = self.layout.hpo_trial_dir(self.config.hpo.study_name, trial.number)
        if self.data.folds:
            return self._kfold(trial, config, self.data.folds, folder)
        reporter = PruningReporter(trial=trial)
        run = TrialData(self.data.train, self.data.validation, folder)
        try:
            score = float(self.train_fn(config, run, reporter))
        finally:
            _record(trial, reporter.notes, reporter.epochs)
        if reporter.pruned_at is not None:
            _prune(trial, reporter.pruned_at, f"epoch {reporter.pruned_at}")
        return score

    def _kfold(
        self,
        trial: optuna.trial.Trial,
        config: ResumeNerConfig,
        folds: Sequence[Fold],
        folder: Path,
    ) -> float:
        kfold = self.config.hpo.kfold
        scores: list[float] = []
        epochs = 0
        notes: dict[str, Any] = {}
        for fold in folds:
            reporter = RecordingReporter()
            run = TrialData(fold.train, fold.validation, folder / f"fold-{fold.index}", fold.index)
            try:
                scores.append(float(self.train_fn(config, run, reporter)))
            finally:
                epochs += reporter.epochs
                notes.update(reporter.notes)
                _record(trial, notes, epochs)
            mean = statistics.fmean(scores)
            trial.set_user_attr(ATTR_FOLD_SCORES, list(scores))
            trial.report(mean, len(scores))
            if kfold.prune_after_first_fold and len(scores) < len(folds) and trial.should_prune():
                _prune(trial, len(scores), f"fold {len(scores)} of {len(folds)}")
        mean = statistics.fmean(scores)
        trial.set_user_attr(ATTR_FOLD_MEAN, mean)
        trial.set_user_attr(ATTR_FOLD_STD, statistics.pstdev(scores))
        return mean


def _record(trial: optuna.trial.Trial, notes: Mapping[str, Any], epochs: int) -> None:
    for key, value in notes.items():
        trial.set_user_attr(key, value)
    trial.set_user_attr(ATTR_EPOCHS, epochs)


def _prune(trial: optuna.trial.Trial, step: int, where: str) -> None:
    import optuna

    trial.set_user_attr(ATTR_PRUNED_AT, step)
    logger.info("trial %d pruned after %s", trial.number, where)
    raise optuna.TrialPruned(f"pruned after {where}")
