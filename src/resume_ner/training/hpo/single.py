"""One trial outside an Optuna study (an Azure ML sweep trial): train and log span-F1 per epoch."""

from __future__ import annotations

import contextlib
import logging
import os
import statistics

from resume_ner.common.constants.stages import Stage
from resume_ner.data.stage import DataStageResult
from resume_ner.infrastructure.config import config_value
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import spec_fp
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import (
    CallbackList,
    RunCallback,
    RunHandle,
    Tracker,
)
from resume_ner.training.hpo import trainer
from resume_ner.training.hpo.trial import METRIC, HpoData, TrialRecorder, run_folds

logger = logging.getLogger(__name__)

JOB_RUN_ENV = "MLFLOW_RUN_ID"
"""Set by Azure ML inside a job: the job's own run, where a sweep reads its primary metric."""


def run_single_trial(
    config: ResumeNerConfig, layout: OutputLayout, data: DataStageResult, tracker: Tracker
) -> float:
    """Train ``config`` once (or over its k folds) and log its metrics to one tracked run.

    Each epoch's metrics, ``span_f1`` among them, are logged at that step (what an Azure ML
    sweep's early-termination policy reads); the final ``span_f1`` is logged last. With
    k-fold, each fold's metrics are logged as ``fold<i>_<name>`` and ``span_f1`` is the fold
    mean. Inside an Azure ML job the job's own run gets the same metrics. Checkpoints go to
    ``hpo/<study>/trials/trial-<spec8>``.

    Returns:
        The validation span-F1 (or its fold mean).
    """
    folds = HpoData.from_splits(data.splits(), config)
    data_fp = data.fingerprint.value
    fingerprint = spec_fp(config.model, config.data, config.training, data_fp=data_fp)
    namer = RunNamer.from_config(config.naming)
    keys = TagKeys.from_config(config.naming)
    study = config.hpo.study_name
    tags = {
        **keys.run_tags(Stage.HPO, study=study, trial=fingerprint.short),
        **keys.fingerprint_tags(spec_fp=fingerprint.value, data_fp=data_fp),
    }
    job_run = os.environ.get(JOB_RUN_ENV)
    with contextlib.ExitStack() as stack:
        name = namer.run_name("hpo_trial", study=study, trial=fingerprint.short)
        experiment = namer.experiment_name(Stage.HPO)
        own = stack.enter_context(tracker.stage_run(experiment, name, tags=tags))
        runs: list[RunHandle] = [own]
        if job_run and tracker.enabled and job_run != own.run_id:
            # The sweep's objective and early termination read the job's own run.
            runs.append(stack.enter_context(tracker.attach_run(job_run)))

        def bus(prefix: str = "") -> CallbackList:
            return CallbackList(RunCallback(run, prefix) for run in runs)

        everywhere = bus()
        space = config.hpo.search_space
        everywhere.on_stage_start({key: config_value(config, key) for key in space})
        recorder = TrialRecorder()
        folder = layout.hpo_trial_dir(study, fingerprint.short)
        scores = run_folds(
            config,
            folds,
            folder,
            trainer.train_trial,
            callbacks=lambda fold: [recorder, bus("" if fold is None else f"fold{fold}_")],
        )
        score = statistics.fmean(scores)
        if folds.folds:
            everywhere.on_metrics(None, {f"{METRIC}_std": statistics.pstdev(scores)})
        everywhere.on_metrics(recorder.last_epoch + 1, {METRIC: score})
        everywhere.on_stage_end("completed")
    logger.info("trial %s: %s=%.4f", fingerprint.short, METRIC, score)
    return score
