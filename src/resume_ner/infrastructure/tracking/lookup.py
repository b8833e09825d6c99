"""Find runs by tags (e.g. a fingerprint) and summarise a run, through an explicit client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resume_ner.infrastructure.tracking.base import RunSummary, TrackingError
from resume_ner.infrastructure.tracking.run_handle import mlflow_errors

_PAGE_SIZE = 1000


def _quote(value: str) -> str:
    for quote in ("'", '"'):
        if quote not in value:
            return f"{quote}{value}{quote}"
    raise TrackingError(f"tag value {value!r} holds both quote characters; it cannot be searched")


def tag_filter(tags: Mapping[str, str], status: str | None = None) -> str:
    """An MLflow search filter matching runs that carry every tag (and ``status``).

    Args:
        tags: Tag keys and exact values.
        status: Optional run status (``FINISHED``, ``FAILED``...).

    Returns:
        The filter string, e.g. ``tags.`spec_fp` = 'ab12' AND attributes.status = 'FINISHED'``.

    Raises:
        TrackingError: If a key holds a backtick or a value holds both quote characters.
    """
    clauses = []
    for key, value in tags.items():
        if "`" in key or not key:
            raise TrackingError(f"tag key {key!r} cannot be searched (empty or holds '`')")
        clauses.append(f"tags.`{key}` = {_quote(str(value))}")
    if status:
        clauses.append(f"attributes.status = {_quote(status.upper())}")
    return " AND ".join(clauses)


def search_run_ids(
    client: Any, uri: str, experiment: str, tags: Mapping[str, str], status: str | None = None
) -> list[str]:
    """Ids of runs in ``experiment`` carrying all ``tags``, newest first (all pages).

    An experiment that does not exist yields an empty list.
    """
    filter_string = tag_filter(tags, status)
    with mlflow_errors(f"searching experiment {experiment!r} for {filter_string!r}", uri):
        found = client.get_experiment_by_name(experiment)
        if found is None:
            return []
        ids: list[str] = []
        page_token = None
        while True:
            page = client.search_runs(
                [found.experiment_id],
                filter_string=filter_string,
                order_by=["attributes.start_time DESC"],
                max_results=_PAGE_SIZE,
                page_token=page_token,
            )
            ids.extend(run.info.run_id for run in page)
            page_token = page.token
            if not page_token:
                return ids


def run_summary(client: Any, uri: str, run_id: str) -> RunSummary:
    """Read one run's params, latest metrics, tags and status.

    Raises:
        TrackingError: Naming the run id and URI when the run does not exist.
    """
    from mlflow.exceptions import MlflowException

    try:
        run = client.get_run(run_id)
    except MlflowException as exc:
        raise TrackingError(f"run {run_id!r} not found at {uri}: {exc.message}") from exc
    info, data = run.info, run.data
    return RunSummary(
        run_id=info.run_id,
        experiment_id=info.experiment_id,
        run_name=info.run_name or "",
        status=info.status,
        params=dict(data.params),
        metrics=dict(data.metrics),
        tags=dict(data.tags),
        artifact_uri=info.artifact_uri or "",
        start_time=info.start_time,
        end_time=info.end_time,
    )
