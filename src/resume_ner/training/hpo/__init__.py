"""Optuna studies: search space from config, sampler, pruner, k-fold objective, storage, resume."""

from resume_ner.training.hpo.inputs import load_splits
from resume_ner.training.hpo.objective import HpoData, HpoError, Objective, trial_config
from resume_ner.training.hpo.pruners import make_pruner
from resume_ner.training.hpo.reporting import (
    PruningReporter,
    RecordingReporter,
    Reporter,
    TrainFn,
    TrialData,
)
from resume_ner.training.hpo.results import StudyResult, TrialRecord, summarize
from resume_ner.training.hpo.samplers import grid_values, make_sampler
from resume_ner.training.hpo.search_space import (
    SearchSpaceError,
    apply_params,
    condition_holds,
    suggest_params,
)
from resume_ner.training.hpo.single import run_single_trial
from resume_ner.training.hpo.storage import (
    StorageError,
    check_storage,
    mask_url,
    open_storage,
    resolve_storage_url,
)
from resume_ner.training.hpo.study import TrialProgress, check_search_space, run_study

__all__ = [
    "HpoData",
    "HpoError",
    "Objective",
    "PruningReporter",
    "RecordingReporter",
    "Reporter",
    "SearchSpaceError",
    "StorageError",
    "StudyResult",
    "TrainFn",
    "TrialData",
    "TrialProgress",
    "TrialRecord",
    "apply_params",
    "check_search_space",
    "check_storage",
    "condition_holds",
    "grid_values",
    "load_splits",
    "make_pruner",
    "make_sampler",
    "mask_url",
    "open_storage",
    "resolve_storage_url",
    "run_single_trial",
    "run_study",
    "suggest_params",
    "summarize",
    "trial_config",
]
