"""Keep only the best trial's checkpoint folder (or all, or none), so disk use stays bounded."""

from __future__ import annotations

import logging
import shutil
from typing import TYPE_CHECKING, Literal

from resume_ner.infrastructure.paths.layout import OutputLayout

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

KeepPolicy = Literal["best", "all", "none"]


def best_trial_number(study: optuna.study.Study) -> int | None:
    """Number of the best completed trial, or ``None`` before any trial completed."""
    try:
        return int(study.best_trial.number)
    except ValueError:
        return None


class CheckpointRetention:
    """Optuna callback deleting the folders of finished trials the policy does not keep.

    ``best`` keeps the current best trial's folder and deletes every other finished
    (complete, pruned or failed) trial's folder, including a former best one; ``none``
    deletes every finished trial's folder; ``all`` deletes nothing. Folders of running or
    waiting trials (possibly another worker's) are never touched.
    """

    def __init__(self, layout: OutputLayout, study_name: str, keep: KeepPolicy) -> None:
        """Remember where trial folders are and what to keep."""
        self.layout = layout
        self.study_name = study_name
        self.keep = keep

    def __call__(self, study: optuna.study.Study, trial: optuna.trial.FrozenTrial) -> None:
        """Apply the policy after ``trial`` finished."""
        if self.keep == "all":
            return
        import optuna

        finished = (
            optuna.trial.TrialState.COMPLETE,
            optuna.trial.TrialState.PRUNED,
            optuna.trial.TrialState.FAIL,
        )
        keep = best_trial_number(study) if self.keep == "best" else None
        for done in study.get_trials(deepcopy=False, states=finished):
            if done.number == keep:
                continue
            folder = self.layout.hpo_trial_dir(self.study_name, done.number)
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
                logger.debug("removed checkpoints of trial %d (%s)", done.number, folder)
