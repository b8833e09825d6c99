"""Study tracking as an Optuna callback: one nested child run per finished trial."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants.stages import Stage
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.tracking import Tracker, TrackingError
from resume_ner.training.hpo.objective import ATTR_FOLD_SCORES, ATTR_SPEC_FP

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

METRIC = "span_f1"
"""Name of the per-epoch validation metric the trials report."""
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


class TrialTracking:
    """Optuna callback logging each finished trial as a child run of the study's parent run.

    The child run carries the trial's params, its per-epoch (or per-fold) scores as a
    ``span_f1`` history, its objective value, state and fingerprints (``spec_fp`` of the
    trial config, ``data_fp``) as tags. Tracking failures are logged, never fatal to the study.
    """

    def __init__(
        self,
        tracker: Tracker,
        *,
        parent_run_id: str,
        study_name: str,
        namer: RunNamer,
        tag_keys: TagKeys,
        data_fp: str | None = None,
    ) -> None:
        """Bind the tracker, the study's parent run and the naming of runs and tags."""
        self.tracker = tracker
        self.parent_run_id = parent_run_id
        self.study_name = study_name
        self.namer = namer
        self.tag_keys = tag_keys
        self.data_fp = data_fp

    def __call__(self, study: optuna.study.Study, trial: optuna.trial.FrozenTrial) -> None:
        """Log ``trial`` as a child run."""
        try:
            self._log(trial)
        except (TrackingError, ValueError) as exc:
            logger.warning("could not track trial %d: %s", trial.number, exc)

    def tags(self, trial: optuna.trial.FrozenTrial) -> dict[str, str]:
        """Tags of the trial's run: stage, study, trial, status and fingerprints."""
        keys = self.tag_keys
        tags = keys.run_tags(
            Stage.HPO, study=self.study_name, trial=trial.number, status=trial_status(trial)
        )
        spec = trial.user_attrs.get(ATTR_SPEC_FP)
        tags.update(keys.fingerprint_tags(spec_fp=spec, data_fp=self.data_fp))
        return tags

    def _log(self, trial: optuna.trial.FrozenTrial) -> None:
        experiment = self.namer.experiment_name(Stage.HPO)
        name = self.namer.run_name("hpo_trial", study=self.study_name, trial=trial.number)
        with self.tracker.stage_run(
            experiment,
            name,
            tags=self.tags(trial),
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
