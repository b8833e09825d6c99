"""The hpo stage: create or resume a study on the data stage's splits and run its trials.

The study budget is ``hpo.n_trials`` finished (complete or pruned) trials over all runs and
workers: a re-run continues where the last one stopped, and workers sharing a storage stop
once the study has enough trials.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from resume_ner.data.stage import DataStageResult
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import Tracker
from resume_ner.training.hpo import trainer
from resume_ner.training.hpo.results import StudyResult, best_trial_number, summarize
from resume_ner.training.hpo.search_space import check_search_space, make_pruner, make_sampler
from resume_ner.training.hpo.storage import mask_url, open_storage, resolve_storage_url
from resume_ner.training.hpo.tracking import TrialTracking, study_parent_run
from resume_ner.training.hpo.trial import HpoData, HpoError, Objective, TrainFn, max_steps

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrialProgress:
    """Progress after one finished trial, for progress bars.

    Attributes:
        number: The trial that finished.
        state: Its state (``COMPLETE``, ``PRUNED``, ``FAIL``).
        value: Its objective value (``None`` unless complete).
        best_number: The study's best trial so far (any worker's), or ``None``.
        best_value: Its value, or ``None``.
        done: Trials finished by this run so far.
        total: Trials this run plans to run.
    """

    number: int
    state: str
    value: float | None
    best_number: int | None
    best_value: float | None
    done: int
    total: int


ProgressFn = Callable[[TrialProgress], None]


def run_hpo(
    config: ResumeNerConfig,
    layout: OutputLayout,
    data: DataStageResult,
    tracker: Tracker,
    *,
    n_trials: int | None = None,
    seed_offset: int = 0,
    on_trial: ProgressFn | None = None,
    train_fn: TrainFn | None = None,
) -> StudyResult:
    """Create or resume ``hpo.study_name`` in its storage and run trials on ``data``'s splits.

    The search space, the folds and the storage are checked before any trial. Each trial's
    ``spec_fp`` takes the dataset fingerprint of ``data`` as ``data_fp``, as final training
    does, so a trial and a final run with the same settings share it.

    Args:
        config: The config; ``hpo`` holds the space, sampler, pruner, storage and budget.
        layout: Output layout (embedded storage, trial folders).
        data: The data stage's result (train/validation, folded with ``hpo.kfold``).
        tracker: Where runs are tracked; the study gets a parent run, each trial a child.
        n_trials: Most trials this call runs (default: until the study has ``hpo.n_trials``
            finished trials).
        seed_offset: Added to the sampler seed (distinct per worker of a shared study).
        on_trial: Called after each trial this call runs.
        train_fn: The trainer (default: the project's training loop, :mod:`.trainer`).

    Returns:
        Every trial of the study, its best trial and the number this call ran.

    Raises:
        SearchSpaceError, ConfigError, HpoError: For a search space or data that cannot work.
        StorageError: If the storage cannot be reached (one line, password masked).
    """
    import optuna

    hpo = config.hpo
    check_search_space(config)
    hpo_data = HpoData.from_splits(data.splits(), config)
    url = resolve_storage_url(hpo, layout)
    storage = open_storage(url, heartbeat_s=hpo.heartbeat_s, max_retries=hpo.max_retries)
    study = optuna.create_study(
        storage=storage,
        study_name=hpo.study_name,
        direction=hpo.direction,
        pruner=make_pruner(hpo.pruner, max_steps(config)),
        load_if_exists=True,
    )
    if study.direction.name.lower() != hpo.direction:
        raise HpoError(
            f"hpo.direction: study {hpo.study_name!r} in {mask_url(url)} already exists and "
            f"{study.direction.name.lower()}s; use another hpo.study_name"
        )
    existing = study.get_trials(deepcopy=False)
    study.sampler = make_sampler(
        hpo.sampler, hpo.search_space, seed_offset=seed_offset + len(existing)
    )
    states = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
    remaining = hpo.n_trials - sum(trial.state in states for trial in existing)
    planned = max(0, remaining if n_trials is None else min(n_trials, remaining))
    if planned == 0:
        logger.info("study %r already has %d finished trials", hpo.study_name, hpo.n_trials)
        return summarize(study, mask_url(url))
    data_fp = data.fingerprint.value
    train = train_fn if train_fn is not None else trainer.train_trial
    hook = _ProgressHook(on_trial, planned)
    callbacks: list[Callable[[optuna.study.Study, optuna.trial.FrozenTrial], None]] = [
        optuna.study.MaxTrialsCallback(hpo.n_trials, states=states),
        CheckpointRetention(layout, hpo.study_name, hpo.keep_checkpoints),
        hook,
    ]
    with study_parent_run(tracker, study, config, data_fp) as parent_id:
        if parent_id is not None:
            callbacks.append(TrialTracking(tracker, parent_id, config, data_fp))
        logger.info(
            "study %r (%s): running up to %d trials", hpo.study_name, mask_url(url), planned
        )
        study.optimize(
            Objective(config, hpo_data, layout, train, data_fp),
            n_trials=planned,
            timeout=hpo.timeout_s,
            callbacks=callbacks,
            gc_after_trial=True,
        )
    return summarize(study, mask_url(url), ran=hook.done)


class _ProgressHook:
    def __init__(self, progress: ProgressFn | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def __call__(self, study: optuna.study.Study, trial: optuna.trial.FrozenTrial) -> None:
        self.done += 1
        if self.progress is None:
            return
        best = best_trial_number(study)
        self.progress(
            TrialProgress(
                number=trial.number,
                state=trial.state.name,
                value=trial.value,
                best_number=best,
                best_value=None if best is None else float(study.best_value),
                done=self.done,
                total=self.total,
            )
        )


class CheckpointRetention:
    """Optuna callback deleting the folders of finished trials ``hpo.keep_checkpoints`` drops.

    ``best`` keeps the current best trial's folder and deletes every other finished
    (complete, pruned or failed) trial's folder, including a former best one; ``none``
    deletes every finished trial's folder; ``all`` deletes nothing. Folders of running or
    waiting trials (possibly another worker's) are never touched.
    """

    def __init__(self, layout: OutputLayout, study_name: str, keep: str) -> None:
        """Remember where trial folders are and what to keep."""
        self.layout = layout
        self.study_name = study_name
        self.keep = keep

    def __call__(self, study: optuna.study.Study, trial: optuna.trial.FrozenTrial) -> None:
        """Apply the policy after ``trial`` finished."""
        if self.keep == "all":
            return
        import optuna

        states = optuna.trial.TrialState
        finished = (states.COMPLETE, states.PRUNED, states.FAIL)
        keep = best_trial_number(study) if self.keep == "best" else None
        for done in study.get_trials(deepcopy=False, states=finished):
            folder = self.layout.hpo_trial_dir(self.study_name, done.number)
            if done.number != keep and folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
                logger.debug("removed checkpoints of trial %d (%s)", done.number, folder)
