"""Plain records of a study's trials, read from Optuna, for tables, selection and reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import optuna

RETRY_ATTR = "failed_trial"
"""System attribute Optuna's retry callback sets on a re-queued copy of a stale trial."""


@dataclass(frozen=True)
class TrialRecord:
    """One trial of a study.

    Attributes:
        number: Trial number (unique within the study).
        state: ``COMPLETE``, ``PRUNED``, ``FAIL``, ``RUNNING`` or ``WAITING``.
        value: Objective value (validation span-F1); for a pruned trial its last reported
            score; ``None`` for failed, running or waiting trials.
        params: Dotted config key -> value.
        user_attrs: Facts the objective recorded (``spec_fp``, ``epochs_trained``...).
        duration_s: Wall time, ``None`` while running.
        retried_from: Number of the stale trial this one re-runs, else ``None``.
    """

    number: int
    state: str
    value: float | None
    params: Mapping[str, Any] = field(default_factory=dict)
    user_attrs: Mapping[str, Any] = field(default_factory=dict)
    duration_s: float | None = None
    retried_from: int | None = None

    @classmethod
    def from_frozen(cls, trial: optuna.trial.FrozenTrial) -> TrialRecord:
        """Copy what matters of an Optuna trial."""
        retried = trial.system_attrs.get(RETRY_ATTR)
        return cls(
            number=trial.number,
            state=trial.state.name,
            value=None if trial.value is None else float(trial.value),
            params=dict(trial.params),
            user_attrs=dict(trial.user_attrs),
            duration_s=None if trial.duration is None else trial.duration.total_seconds(),
            retried_from=None if retried is None else int(retried),
        )


@dataclass(frozen=True)
class StudyResult:
    """A study after a run: every trial (all workers'), the best one and what this run did.

    Attributes:
        study_name: The study name.
        storage: Storage URL with the password masked.
        direction: ``maximize`` or ``minimize``.
        trials: Every trial, by number.
        best: The best completed trial, ``None`` when none completed.
        ran: Trials this call ran.
    """

    study_name: str
    storage: str
    direction: str
    trials: tuple[TrialRecord, ...]
    best: TrialRecord | None
    ran: int = 0

    def counts(self) -> dict[str, int]:
        """Trials per state."""
        return dict(Counter(trial.state for trial in self.trials))

    def epochs_trained(self) -> int:
        """Epochs trained over all trials (from the ``epochs_trained`` attribute)."""
        return sum(int(trial.user_attrs.get("epochs_trained", 0)) for trial in self.trials)


def best_trial_number(study: optuna.study.Study) -> int | None:
    """Number of the best completed trial, or ``None`` before any trial completed."""
    try:
        return int(study.best_trial.number)
    except ValueError:
        return None


def summarize(study: optuna.study.Study, storage: str, ran: int = 0) -> StudyResult:
    """Read ``study`` into a :class:`StudyResult`."""
    trials = tuple(TrialRecord.from_frozen(t) for t in study.get_trials(deepcopy=False))
    complete = [t for t in trials if t.state == "COMPLETE" and t.value is not None]
    sign = 1.0 if study.direction.name.lower() == "maximize" else -1.0
    best = max(complete, key=lambda t: (sign * (t.value or 0.0), -t.number), default=None)
    return StudyResult(
        study_name=study.study_name,
        storage=storage,
        direction=study.direction.name.lower(),
        trials=trials,
        best=best,
        ran=ran,
    )
