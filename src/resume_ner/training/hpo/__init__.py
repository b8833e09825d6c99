"""Optuna studies: search space from config, sampler, pruner, k-fold objective, storage, resume."""

from resume_ner.training.hpo.results import StudyResult, TrialRecord, summarize
from resume_ner.training.hpo.search_space import (
    SearchSpaceError,
    check_search_space,
    condition_holds,
    grid_values,
    make_pruner,
    make_sampler,
    suggest_params,
)
from resume_ner.training.hpo.single import run_single_trial
from resume_ner.training.hpo.stage import TrialProgress, run_hpo
from resume_ner.training.hpo.storage import (
    StorageError,
    check_storage,
    mask_url,
    open_storage,
    resolve_storage_url,
)
from resume_ner.training.hpo.trial import (
    HpoData,
    HpoError,
    Objective,
    TrainFn,
    TrialData,
    TrialRecorder,
    trial_config,
)

__all__ = [
    "HpoData",
    "HpoError",
    "Objective",
    "SearchSpaceError",
    "StorageError",
    "StudyResult",
    "TrainFn",
    "TrialData",
    "TrialProgress",
    "TrialRecord",
    "TrialRecorder",
    "check_search_space",
    "check_storage",
    "condition_holds",
    "grid_values",
    "make_pruner",
    "make_sampler",
    "mask_url",
    "open_storage",
    "resolve_storage_url",
    "run_hpo",
    "run_single_trial",
    "suggest_params",
    "summarize",
    "trial_config",
]
