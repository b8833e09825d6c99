"""Create or resume a study, run trials until its budget is spent, and summarise it.

The study budget is ``hpo.n_trials`` finished (complete or pruned) trials over all runs and
workers: a re-run continues where the last one stopped, and workers sharing a storage stop
once the study has enough trials.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.hashing import hash_value
from resume_ner.data.processing.splits import Splits
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import CategoricalParam
from resume_ner.infrastructure.fingerprints import make_fingerprint
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import Tracker
from resume_ner.training.hpo.checkpoints import CheckpointRetention, best_trial_number
from resume_ner.training.hpo.objective import HpoData, HpoError, Objective, max_steps
from resume_ner.training.hpo.pruners import make_pruner
from resume_ner.training.hpo.reporting import TrainFn
from resume_ner.training.hpo.results import StudyResult, summarize
from resume_ner.training.hpo.samplers import make_sampler
from resume_ner.training.hpo.search_space import apply_params, check_conditions
from resume_ner.training.hpo.storage import mask_url, open_storage, resolve_storage_url
from resume_ner.training.hpo.tracking import TrialTracking, study_parent_run

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


def check_search_space(config: ResumeNerConfig) -> None:
    """Fail before any trial when the search space cannot apply to the config.

    Checks the ``when`` conditions and applies a representative value of every parameter
    (low bound or first choice) to the config.

    Raises:
        SearchSpaceError: Naming the parameter.
    """
    space = config.hpo.search_space
    check_conditions(space)
    sample = {
        key: param.choices[0] if isinstance(param, CategoricalParam) else param.low
        for key, param in space.items()
    }
    apply_params(config, sample)


def documents_fp(data: HpoData) -> str:
    """Fingerprint of the documents a study uses (when no data fingerprint is given)."""
    docs = sorted({doc.id: doc for doc in (*data.train, *data.validation)}.values(), key=_id)
    records = [[d.id, d.text, [[s.start, s.end, s.label] for s in d.spans]] for d in docs]
    return make_fingerprint("data", {"documents": hash_value(records)}).value


def _id(doc: Any) -> str:
    return str(doc.id)


def run_study(
    config: ResumeNerConfig,
    data: Splits | HpoData,
    layout: OutputLayout,
    tracker: Tracker,
    train_fn: TrainFn,
    *,
    n_trials: int | None = None,
    timeout: float | None = None,
    data_fp: str | None = None,
    progress: ProgressFn | None = None,
    seed_offset: int = 0,
) -> StudyResult:
    """Create or resume ``hpo.study_name`` in its storage and run trials.

    Args:
        config: Base config; ``hpo`` holds the space, sampler, pruner, storage and budget.
        data: Splits (train/validation, or their union folded with ``hpo.kfold``) or
            prepared :class:`HpoData`.
        layout: Output layout (embedded storage, trial folders).
        tracker: Tracker; the study gets a parent run, each trial a child run.
        train_fn: The trainer (``train_fn(config, trial_data, reporter) -> span_f1``).
        n_trials: Most trials this call runs (default: until the study has ``hpo.n_trials``
            finished trials).
        timeout: Stop starting trials after this many seconds (default ``hpo.timeout_s``).
        data_fp: Data fingerprint for ``spec_fp`` and tags (default: from the documents).
        progress: Called after each trial this call runs.
        seed_offset: Added to the sampler seed (distinct per worker of a shared study).

    Returns:
        Every trial of the study, its best trial and the number this call ran.

    Raises:
        SearchSpaceError, HpoError: For a search space or data that cannot work.
        StorageError: If the storage cannot be reached (one line, password masked).
    """
    import optuna

    hpo = config.hpo
    check_search_space(config)
    hpo_data = data if isinstance(data, HpoData) else HpoData.from_splits(data, config)
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
    fingerprint = data_fp or documents_fp(hpo_data)
    if planned == 0:
        logger.info("study %r already has %d finished trials", hpo.study_name, hpo.n_trials)
        return summarize(study, mask_url(url))
    objective = Objective(config, hpo_data, layout, train_fn, data_fp=fingerprint)
    callbacks: list[Callable[[optuna.study.Study, optuna.trial.FrozenTrial], None]] = [
        optuna.study.MaxTrialsCallback(hpo.n_trials, states=states),
        CheckpointRetention(layout, hpo.study_name, hpo.keep_checkpoints),
    ]
    hook = _ProgressHook(progress, planned)
    callbacks.append(hook)
    with study_parent_run(tracker, study, config, fingerprint) as parent_id:
        if parent_id is not None:
            callbacks.append(TrialTracking.for_config(tracker, parent_id, config, fingerprint))
        logger.info(
            "study %r (%s): running up to %d trials", hpo.study_name, mask_url(url), planned
        )
        study.optimize(
            objective,
            n_trials=planned,
            timeout=timeout if timeout is not None else hpo.timeout_s,
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
