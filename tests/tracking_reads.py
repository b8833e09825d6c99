"""Reading back what an MLflow tracker recorded, straight from its client (tests only)."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from resume_ner.infrastructure.tracking import PARENT_RUN_ID_TAG


def find_runs(
    tracker: Any, experiment: str, tags: Mapping[str, str], status: str | None = None
) -> list[str]:
    """Ids of runs in ``experiment`` carrying every tag (and ``status``), newest first."""
    client = tracker.client()
    found = client.get_experiment_by_name(experiment)
    if found is None:
        return []
    clauses = [f"tags.`{key}` = {value!r}" for key, value in tags.items()]
    if status:
        clauses.append(f"attributes.status = '{status.upper()}'")
    runs = client.search_runs(
        [found.experiment_id],
        filter_string=" AND ".join(clauses),
        order_by=["attributes.start_time DESC"],
    )
    return [run.info.run_id for run in runs]


def run_summary(tracker: Any, run_id: str) -> SimpleNamespace:
    """A run's info fields with its params, latest metrics, tags and parent run id."""
    run = tracker.client().get_run(run_id)
    tags = dict(run.data.tags)
    return SimpleNamespace(
        run_id=run.info.run_id,
        experiment_id=run.info.experiment_id,
        run_name=run.info.run_name or "",
        status=run.info.status,
        artifact_uri=run.info.artifact_uri or "",
        end_time=run.info.end_time,
        params=dict(run.data.params),
        metrics=dict(run.data.metrics),
        tags=tags,
        parent_run_id=tags.get(PARENT_RUN_ID_TAG),
    )
