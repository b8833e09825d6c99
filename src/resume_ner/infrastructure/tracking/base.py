"""The tracker and run-handle base classes, which record nothing (tracking disabled)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any

from resume_ner.infrastructure.tracking.values import (
    prepare_metrics,
    prepare_params,
    prepare_tags,
    to_run_status,
)

PARENT_RUN_ID_TAG = "mlflow.parentRunId"
"""MLflow's tag linking a child run (an HPO trial) to its parent run."""


class RunHandle:
    """An open run: everything a stage may log while it runs.

    This base records nothing but validates what it is given, so bugs surface with tracking
    disabled too; :class:`~resume_ner.infrastructure.tracking.MlflowRunHandle` records.
    """

    end_status = "FINISHED"
    """The status the run ends with when its block exits without an exception."""

    @property
    def run_id(self) -> str | None:
        """The run id (``None`` when tracking is disabled)."""
        return None

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Log parameters; nested mappings become dotted keys, values are stringified."""
        prepare_params(params)

    def log_metrics(self, metrics: Mapping[str, Any], step: int | None = None) -> None:
        """Log numeric metrics at ``step``; nested mappings become dotted keys."""
        prepare_metrics(metrics)

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Set tags; values are stringified."""
        prepare_tags(tags)

    def log_artifact(
        self, path: str | os.PathLike[str], artifact_path: str | None = None, *, model: bool = False
    ) -> None:
        """Upload a file or folder; ``model=True`` marks model weights (honours log_models)."""

    def log_dict(self, obj: Mapping[str, Any] | list[Any], file_name: str) -> None:
        """Upload ``obj`` as JSON (or YAML for ``.yaml``/``.yml`` names)."""

    def log_text(self, text: str, file_name: str) -> None:
        """Upload ``text`` as a file."""

    def set_end_status(self, status: str) -> None:
        """End the run with ``status`` (e.g. ``KILLED`` for a pruned trial) on a clean exit.

        Raises:
            TrackingError: If ``status`` is not terminal.
        """
        self.end_status = to_run_status(status)


class Tracker:
    """Opens stage runs; this base opens none and never imports mlflow."""

    @property
    def enabled(self) -> bool:
        """Whether anything is recorded."""
        return False

    @property
    def uri(self) -> str | None:
        """The tracking URI (``None`` when disabled)."""
        return None

    @contextlib.contextmanager
    def stage_run(
        self,
        experiment: str,
        run_name: str,
        *,
        tags: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        parent_run_id: str | None = None,
        nested: bool = False,
    ) -> Iterator[RunHandle]:
        """Open a run for one stage; it ends FINISHED, or FAILED when the block raises."""
        handle = RunHandle()
        handle.set_tags(tags or {})
        handle.log_params(params or {})
        yield handle

    @contextlib.contextmanager
    def attach_run(self, run_id: str) -> Iterator[RunHandle]:
        """Log into a run someone else owns (an Azure ML job's own run); it is not ended."""
        yield RunHandle()


class NullTracker(Tracker):
    """The tracker used when tracking is disabled: records nothing, never imports mlflow."""
