"""Selection candidates from the completed trials of one or several Optuna studies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from resume_ner.evaluation.selection.rule import Candidate, SelectionError
from resume_ner.training.hpo.results import StudyResult, TrialRecord, summarize
from resume_ner.training.hpo.storage import check_storage, mask_url

OBJECTIVE_METRICS = frozenset({"span_f1", "objective"})
"""Metric names meaning the study's objective value itself."""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _candidate(
    study: str, trial: TrialRecord, metric: str, latencies: Mapping[str, float]
) -> Candidate | None:
    attrs = trial.user_attrs
    score = trial.value if metric in OBJECTIVE_METRICS else _number(attrs.get(metric))
    if score is None:
        return None
    backbone = attrs.get("backbone")
    latency = _number(attrs.get("latency_ms"))
    if latency is None and isinstance(backbone, str):
        latency = latencies.get(backbone)
    count = _number(attrs.get("param_count"))
    return Candidate(
        study=study,
        trial=trial.number,
        score=float(score),
        params=dict(trial.params),
        backbone=backbone if isinstance(backbone, str) else None,
        latency_ms=latency,
        param_count=None if count is None else int(count),
        spec_fp=attrs.get("spec_fp") if isinstance(attrs.get("spec_fp"), str) else None,
    )


def candidates_from_results(
    results: Sequence[StudyResult],
    *,
    metric: str = "span_f1",
    latencies: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """Candidates from the completed trials of ``results``.

    ``metric`` is ``span_f1``/``objective`` (the trial value) or a numeric trial attribute;
    ``latencies`` (backbone -> ms) serve trials without a ``latency_ms`` attribute.

    Raises:
        SelectionError: If a study minimises its objective.
    """
    found: list[Candidate] = []
    for result in results:
        if result.direction != "maximize":
            raise SelectionError(
                f"study {result.study_name!r} minimises its objective; selection compares "
                "maximised scores (validation span-F1)"
            )
        for trial in result.trials:
            if trial.state != "COMPLETE":
                continue
            candidate = _candidate(result.study_name, trial, metric, latencies or {})
            if candidate is not None:
                found.append(candidate)
    return found


def load_studies(storage: str, studies: Sequence[str]) -> list[StudyResult]:
    """Read ``studies`` from ``storage``.

    Raises:
        StorageError: If the storage cannot be reached.
        SelectionError: If a study does not exist there (listing those that do).
    """
    import optuna

    from resume_ner.training.hpo.storage import driver_url

    check_storage(storage)
    rdb = optuna.storages.RDBStorage(driver_url(storage))
    known = [summary.study_name for summary in optuna.get_all_study_summaries(rdb)]
    results = []
    for name in studies:
        if name not in known:
            listed = ", ".join(known) or "none"
            raise SelectionError(
                f"study {name!r} not found in {mask_url(storage)}; studies there: {listed}"
            )
        study = optuna.load_study(study_name=name, storage=rdb)
        results.append(summarize(study, mask_url(storage)))
    return results
