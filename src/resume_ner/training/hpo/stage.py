"""The hpo stage: a study (or one sweep trial) on the data stage's splits and fingerprint."""

from __future__ import annotations

from collections.abc import Callable

from resume_ner.data.stage import DataStageResult
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import Tracker, make_tracker
from resume_ner.training.hpo import trainer
from resume_ner.training.hpo.results import StudyResult
from resume_ner.training.hpo.search_space import check_search_space
from resume_ner.training.hpo.single import run_single_trial
from resume_ner.training.hpo.storage import check_storage, resolve_storage_url
from resume_ner.training.hpo.study import TrialProgress, run_study
from resume_ner.training.hpo.trial import HpoData, TrainFn


def run_hpo(
    config: ResumeNerConfig,
    layout: OutputLayout,
    data: DataStageResult,
    *,
    tracker: Tracker | None = None,
    n_trials: int | None = None,
    seed_offset: int = 0,
    on_trial: Callable[[TrialProgress], None] | None = None,
    train_fn: TrainFn | None = None,
) -> StudyResult:
    """Create or resume ``hpo.study_name`` and run its trials on ``data``'s splits.

    The search space, the folds and the storage are checked before any trial; ``data_fp``
    of every trial is the dataset fingerprint of ``data``, as in final training.

    Args:
        config: The config (``hpo`` section: space, sampler, pruner, storage, budget).
        layout: Output layout (embedded storage, trial folders).
        data: The data stage's result.
        tracker: Where runs are tracked (default: from ``config.tracking``).
        n_trials: Most trials this call runs (default: until the study is complete).
        seed_offset: Added to the sampler seed (distinct per worker of a shared study).
        on_trial: Called after each trial this call runs.
        train_fn: The trainer (default: the project's training loop).

    Raises:
        SearchSpaceError, ConfigError, HpoError: For a search space or data that cannot work.
        StorageError: If the storage cannot be reached (one line, password masked).
    """
    check_search_space(config)
    hpo_data = HpoData.from_splits(data.splits(), config)
    check_storage(resolve_storage_url(config.hpo, layout))
    return run_study(
        config,
        hpo_data,
        layout,
        tracker if tracker is not None else make_tracker(config.tracking, layout.root),
        train_fn if train_fn is not None else trainer.train_trial,
        data_fp=data.fingerprint.value,
        n_trials=n_trials,
        progress=on_trial,
        seed_offset=seed_offset,
    )


def run_hpo_trial(
    config: ResumeNerConfig,
    layout: OutputLayout,
    data: DataStageResult,
    *,
    tracker: Tracker | None = None,
    train_fn: TrainFn | None = None,
) -> float:
    """Train ``config`` as one sweep trial on ``data`` (see :func:`run_single_trial`).

    Returns:
        The validation span-F1 (or its fold mean).
    """
    return run_single_trial(
        config,
        HpoData.from_splits(data.splits(), config),
        layout,
        tracker if tracker is not None else make_tracker(config.tracking, layout.root),
        train_fn if train_fn is not None else trainer.train_trial,
        data_fp=data.fingerprint.value,
    )
