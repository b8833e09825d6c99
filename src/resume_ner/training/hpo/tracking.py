"""Study tracking: a parent run per study and, as an Optuna callback, a child run per trial."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants.stages import Stage
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import spec_fp
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.tracking import Tracker, TrackingError
from resume_ner.training.hpo.results import best_trial_number
from resume_ner.training.hpo.trial import ATTR_FOLD_SCORES, ATTR_SPEC_FP, METRIC

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

PARENT_RUNS_ATTR = "tracking_parent_runs"
"""Study attribute: tracking URI -> id of the study's parent run there."""
OBJECTIVE_METRIC = "objective"
"""Metric holding the trial's final objective value."""

_STATUS = {"COMPLETE": "completed", "PRUNED": "pruned", "FAIL": "failed"}


def trial_status(trial: optuna.trial.FrozenTrial) -> str:
    """Stage status of a finished trial: ``completed``, ``pruned`` or ``failed``."""
    return _STATUS.get(trial.state.name, "failed")


def trial_metrics(trial: optuna.trial.FrozenTrial) -> dict[str, float]:
    """Numeric facts of a trial as metrics: objective, duration and numeric user attributes."""
    metrics: dict[str, float] = {}
    if trial.value is not None and math.isfinite(trial.value):
        metrics[OBJECTIVE_METRIC] = float(trial.value)
    if trial.duration is not None:
        metrics["duration_s"] = trial.duration.total_seconds()
    for key, value in trial.user_attrs.items():
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and math.isfinite(value):
            metrics[key] = float(value)
    return metrics


@dataclass(frozen=True)
class TrialTracking:
    """Optuna callback logging each finished trial as a child run of the study's parent run.

    The child run carries the trial's params, its per-epoch (or per-fold) scores as a
    ``span_f1`` history, its objective value, state and fingerprints (``spec_fp`` of the
    trial config, ``data_fp``) as tags. Tracking failures are logged, never fatal to the study.
    """

    tracker: Tracker
    parent_run_id: str
    config: ResumeNerConfig
    data_fp: str

    def __call__(self, study: optuna.study.Study, trial: optuna.trial.FrozenTrial) -> None:
        """Log ``trial`` as a child run."""
        try:
            self._log(trial)
        except (TrackingError, ValueError) as exc:
            logger.warning("could not track trial %d: %s", trial.number, exc)

    def _log(self, trial: optuna.trial.FrozenTrial) -> None:
        namer, keys = (
            RunNamer.from_config(self.config.naming),
            TagKeys.from_config(self.config.naming),
        )
        study = self.config.hpo.study_name
        tags = keys.run_tags(Stage.HPO, study=study, trial=trial.number, status=trial_status(trial))
        spec = trial.user_attrs.get(ATTR_SPEC_FP)
        tags.update(keys.fingerprint_tags(spec_fp=spec, data_fp=self.data_fp))
        with self.tracker.stage_run(
            namer.experiment_name(Stage.HPO),
            namer.run_name("hpo_trial", study=study, trial=trial.number),
            tags=tags,
            params=_params(trial.params),
            parent_run_id=self.parent_run_id,
        ) as run:
            for step, value in sorted(trial.intermediate_values.items()):
                if math.isfinite(value):
                    run.log_metrics({METRIC: value}, step=step)
            folds = trial.user_attrs.get(ATTR_FOLD_SCORES) or []
            for index, score in enumerate(folds):
                run.log_metrics({f"fold_{METRIC}": score}, step=index)
            run.log_metrics(trial_metrics(trial))
            run.set_end_status(trial_status(trial))


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    plain = (str, int, float)
    return {key: value if isinstance(value, plain) else str(value) for key, value in params.items()}


@contextlib.contextmanager
def study_parent_run(
    tracker: Tracker, study: optuna.study.Study, config: ResumeNerConfig, data_fp: str
) -> Iterator[str | None]:
    """The id of the study's parent run in ``tracker`` (``None`` when tracking is off).

    The id is kept in the study's attributes per tracking URI, so later runs and other
    workers attach their trials to the same parent. The run that opens the parent keeps it
    open around the block and logs the best objective at the end.
    """
    if not tracker.enabled or tracker.uri is None:
        yield None
        return
    runs = dict(study.user_attrs.get(PARENT_RUNS_ATTR) or {})
    if tracker.uri in runs:
        yield str(runs[tracker.uri])
        return
    hpo = config.hpo
    namer = RunNamer.from_config(config.naming)
    keys = TagKeys.from_config(config.naming)
    base_fp = spec_fp(config.model, config.data, config.training, data_fp=data_fp).value
    tags = {
        **keys.run_tags(Stage.HPO, study=hpo.study_name),
        **keys.fingerprint_tags(spec_fp=base_fp, data_fp=data_fp),
    }
    params = {
        "direction": hpo.direction,
        "n_trials": hpo.n_trials,
        "sampler": hpo.sampler.type,
        "pruner": hpo.pruner.type,
        "kfold": hpo.kfold.k if hpo.kfold.enabled else 0,
        "search_space": ", ".join(hpo.search_space),
    }
    with tracker.stage_run(
        namer.experiment_name(Stage.HPO),
        namer.run_name("hpo", study=hpo.study_name),
        tags=tags,
        params=params,
    ) as run:
        if run.run_id is not None:
            runs[tracker.uri] = run.run_id
            study.set_user_attr(PARENT_RUNS_ATTR, runs)
        yield run.run_id
        best = best_trial_number(study)
        if best is not None:
            run.log_metrics({"best_objective": float(study.best_value)})
            run.set_tags({keys.trial: str(best)})
