"""The tracker used when tracking is disabled: same interface, records nothing, no mlflow."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any

from resume_ner.infrastructure.tracking.base import to_run_status
from resume_ner.infrastructure.tracking.values import prepare_metrics, prepare_params, prepare_tags


class NullRunHandle:
    """A run handle that validates what it is given (so bugs surface) and records nothing."""

    @property
    def run_id(self) -> str | None:
        """Always ``None``: no run exists."""
        return None

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Validate and drop ``params``."""
        prepare_params(params)

    def log_metrics(self, metrics: Mapping[str, Any], step: int | None = None) -> None:
        """Validate and drop ``metrics``."""
        prepare_metrics(metrics)

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Validate and drop ``tags``."""
        prepare_tags(tags)

    def log_artifact(
        self, path: str | os.PathLike[str], artifact_path: str | None = None, *, model: bool = False
    ) -> None:
        """Drop the artifact (the file stays where it is)."""

    def log_dict(self, obj: Mapping[str, Any] | list[Any], file_name: str) -> None:
        """Drop ``obj``."""

    def log_text(self, text: str, file_name: str) -> None:
        """Drop ``text``."""

    def set_end_status(self, status: str) -> None:
        """Validate and drop ``status``."""
        to_run_status(status)


class NullTracker:
    """A tracker that opens no runs and never imports mlflow."""

    @property
    def enabled(self) -> bool:
        """Always ``False``."""
        return False

    @property
    def uri(self) -> str | None:
        """Always ``None``."""
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
    ) -> Iterator[NullRunHandle]:
        """Yield a :class:`NullRunHandle`; exceptions propagate unchanged."""
        handle = NullRunHandle()
        if tags:
            handle.set_tags(tags)
        if params:
            handle.log_params(params)
        yield handle

    @contextlib.contextmanager
    def attach_run(self, run_id: str) -> Iterator[NullRunHandle]:
        """Yield a :class:`NullRunHandle`."""
        yield NullRunHandle()
