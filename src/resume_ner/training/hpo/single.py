"""One trial outside an Optuna study (an Azure ML sweep trial): train and log span-F1 per epoch."""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
from dataclasses import dataclass, field
from typing import Any

from resume_ner.common.constants.stages import Stage
from resume_ner.data.processing.splits import Splits
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import spec_fp
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import (
    CallbackList,
    MlflowStageCallback,
    Tracker,
    TrackingCallback,
)
from resume_ner.training.hpo.objective import HpoData
from resume_ner.training.hpo.reporting import TrainFn, TrialData
from resume_ner.training.hpo.search_space import config_value
from resume_ner.training.hpo.tracking import METRIC

logger = logging.getLogger(__name__)

JOB_RUN_ENV = "MLFLOW_RUN_ID"
"""Set by Azure ML inside a job: the job's own run, where a sweep reads its primary metric."""


@dataclass
class TrackingReporter:
    """A reporter that forwards each epoch's score to a tracking callback; never stops."""

    callback: TrackingCallback
    prefix: str = ""
    epochs: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    def report(self, epoch: int, score: float) -> bool:
        """Send ``span_f1`` (with the prefix) at step ``epoch``."""
        self.epochs += 1
        self.callback.on_metrics(epoch, {f"{self.prefix}{METRIC}": float(score)})
        return False

    def note(self, key: str, value: Any) -> None:
        """Remember ``value``; numeric notes are logged when the run ends."""
        self.notes[key] = value


def run_single_trial(
    config: ResumeNerConfig,
    data: Splits | HpoData,
    layout: OutputLayout,
    tracker: Tracker,
    train_fn: TrainFn,
    *,
    data_fp: str,
) -> float:
    """Train ``config`` once (or over its k folds) and log ``span_f1`` to one tracked run.

    Each epoch's validation span-F1 is logged as ``span_f1`` at that step (what an Azure ML
    sweep's early-termination policy reads); the final value is logged last. With k-fold,
    each fold's epochs are logged as ``fold<i>_span_f1`` and ``span_f1`` is the fold mean.
    Checkpoints go to ``hpo/<study>/trials/trial-<spec8>``.

    Returns:
        The validation span-F1 (or its fold mean).
    """
    hpo_data = data if isinstance(data, HpoData) else HpoData.from_splits(data, config)
    fingerprint = spec_fp(config.model, config.data, config.training, data_fp=data_fp)
    namer = RunNamer.from_config(config.naming)
    keys = TagKeys.from_config(config.naming)
    study = config.hpo.study_name
    folder = layout.hpo_trial_dir(study, fingerprint.short)
    tags = {
        **keys.run_tags(Stage.HPO, study=study, trial=fingerprint.short),
        **keys.fingerprint_tags(spec_fp=fingerprint.value, data_fp=data_fp),
    }
    job_run = os.environ.get(JOB_RUN_ENV)
    with contextlib.ExitStack() as stack:
        run = stack.enter_context(
            tracker.stage_run(
                namer.experiment_name(Stage.HPO),
                namer.run_name("hpo_trial", study=study, trial=fingerprint.short),
                tags=tags,
            )
        )
        callbacks: list[TrackingCallback] = [MlflowStageCallback(run)]
        if job_run and tracker.enabled and job_run != run.run_id:
            # The sweep's objective and early termination read the job's own run.
            callbacks.append(MlflowStageCallback(stack.enter_context(tracker.attach_run(job_run))))
        callback = CallbackList(callbacks)
        callback.on_stage_start({key: config_value(config, key) for key in config.hpo.search_space})
        if hpo_data.folds:
            scores = []
            for fold in hpo_data.folds:
                reporter = TrackingReporter(callback, prefix=f"fold{fold.index}_")
                run_data = TrialData(
                    fold.train, fold.validation, folder / f"fold-{fold.index}", fold.index
                )
                scores.append(float(train_fn(config, run_data, reporter)))
            score = statistics.fmean(scores)
            callback.on_metrics(None, {f"{METRIC}_std": statistics.pstdev(scores)})
        else:
            reporter = TrackingReporter(callback)
            run_data = TrialData(hpo_data.train, hpo_data.validation, folder)
            score = float(train_fn(config, run_data, reporter))
            numeric = {k: v for k, v in reporter.notes.items() if isinstance(v, int | float)}
            callback.on_metrics(None, numeric)
        callback.on_metrics(reporter.epochs + 1, {METRIC: score})
        callback.on_stage_end("completed")
    logger.info("trial %s: %s=%.4f", fingerprint.short, METRIC, score)
    return score
