"""The tracker and run-handle interfaces and the tracking error."""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

PARENT_RUN_ID_TAG = "mlflow.parentRunId"
"""MLflow's tag linking a child run (an HPO trial) to its parent run."""

RUN_STATUSES = ("FINISHED", "FAILED", "KILLED")
"""Terminal MLflow run statuses a run may end with."""

_STATUS_ALIASES = {
    "finished": "FINISHED",
    "completed": "FINISHED",
    "reused": "FINISHED",
    "failed": "FAILED",
    "killed": "KILLED",
    "pruned": "KILLED",
}


class TrackingError(RuntimeError):
    """Tracking could not be set up or a call failed; the message names the URI or run."""


def to_run_status(status: str) -> str:
    """Map a stage status (``completed``, ``failed``, ``reused``...) to an MLflow run status.

    Args:
        status: An MLflow status (``FINISHED``/``FAILED``/``KILLED``) or a
            :class:`~resume_ner.common.constants.StageStatus` value, any case;
            ``pruned`` maps to ``KILLED``.

    Returns:
        One of :data:`RUN_STATUSES`.

    Raises:
        TrackingError: If the status is not a terminal status.
    """
    mapped = _STATUS_ALIASES.get(str(status).strip().lower())
    if mapped is None:
        allowed = ", ".join(sorted({*RUN_STATUSES, *_STATUS_ALIASES}))
        raise TrackingError(f"run status {status!r} is not a terminal status; use one of {allowed}")
    return mapped


@runtime_checkable
class RunHandle(Protocol):
    """An open run: everything a stage may log while it runs."""

    @property
    def run_id(self) -> str | None:
        """The run id (``None`` when tracking is disabled)."""
        ...

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Log parameters; nested mappings become dotted keys, values are stringified."""
        ...

    def log_metrics(self, metrics: Mapping[str, Any], step: int | None = None) -> None:
        """Log numeric metrics at ``step``; nested mappings become dotted keys."""
        ...

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Set tags; values are stringified."""
        ...

    def log_artifact(
        self, path: str | os.PathLike[str], artifact_path: str | None = None, *, model: bool = False
    ) -> None:
        """Upload a file or folder; ``model=True`` marks model weights (honours log_models)."""
        ...

    def log_dict(self, obj: Mapping[str, Any] | list[Any], file_name: str) -> None:
        """Upload ``obj`` as JSON (or YAML for ``.yaml``/``.yml`` names)."""
        ...

    def log_text(self, text: str, file_name: str) -> None:
        """Upload ``text`` as a file."""
        ...

    def set_end_status(self, status: str) -> None:
        """Choose the status the run ends with when its block exits without an exception."""
        ...


@runtime_checkable
class Tracker(Protocol):
    """Opens stage runs; MLflow-backed or a no-op."""

    @property
    def enabled(self) -> bool:
        """Whether anything is recorded."""
        ...

    @property
    def uri(self) -> str | None:
        """The tracking URI (``None`` when disabled)."""
        ...

    def stage_run(
        self,
        experiment: str,
        run_name: str,
        *,
        tags: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        parent_run_id: str | None = None,
        nested: bool = False,
    ) -> AbstractContextManager[RunHandle]:
        """Open a run for one stage; it ends FINISHED, or FAILED when the block raises."""
        ...

    def attach_run(self, run_id: str) -> AbstractContextManager[RunHandle]:
        """Log into a run someone else owns (an Azure ML job's own run); it is not ended."""
        ...
