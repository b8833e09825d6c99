"""An open MLflow run addressed by its id through an explicit client (no global active run)."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from resume_ner.infrastructure.tracking.base import RunHandle
from resume_ner.infrastructure.tracking.values import (
    TrackingError,
    prepare_metrics,
    prepare_params,
    prepare_tags,
)

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def mlflow_errors(action: str, uri: str) -> Iterator[None]:
    """Re-raise MLflow and OS errors as :class:`TrackingError` naming ``action`` and ``uri``."""
    from mlflow.exceptions import MlflowException

    try:
        yield
    except (MlflowException, OSError) as exc:
        raise TrackingError(f"{action} failed at {uri}: {exc}") from exc


class MlflowRunHandle(RunHandle):
    """Logs to one MLflow run through ``client`` (an ``mlflow.MlflowClient``)."""

    def __init__(
        self,
        client: Any,
        run_id: str,
        uri: str,
        *,
        log_artifacts: bool = True,
        log_models: bool = False,
    ) -> None:
        """Bind the handle to ``run_id``; ``log_artifacts``/``log_models`` gate uploads."""
        self._client = client
        self._run_id = run_id
        self._uri = uri
        self._log_artifacts = log_artifacts
        self._log_models = log_models

    @property
    def run_id(self) -> str:
        """The MLflow run id."""
        return self._run_id

    def _errors(self, what: str) -> contextlib.AbstractContextManager[None]:
        return mlflow_errors(f"{what} (run {self._run_id})", self._uri)

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Log ``params``; MLflow rejects (TrackingError) a param changed once logged."""
        from mlflow.entities import Param

        prepared = prepare_params(params)
        if prepared:
            with self._errors("logging params"):
                batch = [Param(key, value) for key, value in prepared.items()]
                self._client.log_batch(self._run_id, params=batch, synchronous=True)

    def log_metrics(self, metrics: Mapping[str, Any], step: int | None = None) -> None:
        """Log numeric ``metrics`` at ``step`` (0 when ``None``)."""
        from mlflow.entities import Metric

        prepared = prepare_metrics(metrics)
        if prepared:
            now = int(time.time() * 1000)
            batch = [Metric(key, value, now, step or 0) for key, value in prepared.items()]
            with self._errors("logging metrics"):
                self._client.log_batch(self._run_id, metrics=batch, synchronous=True)

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Set ``tags`` (values stringified and bounded)."""
        from mlflow.entities import RunTag

        prepared = prepare_tags(tags)
        if prepared:
            with self._errors("setting tags"):
                batch = [RunTag(key, value) for key, value in prepared.items()]
                self._client.log_batch(self._run_id, tags=batch, synchronous=True)

    def _uploads(self, what: str, model: bool = False) -> bool:
        if not self._log_artifacts:
            logger.debug("not uploading %s: tracking.log_artifacts is off", what)
            return False
        if model and not self._log_models:
            logger.debug("not uploading model %s: tracking.log_models is off", what)
            return False
        return True

    def log_artifact(
        self, path: str | os.PathLike[str], artifact_path: str | None = None, *, model: bool = False
    ) -> None:
        """Upload a file, or a folder's contents, under ``artifact_path`` (``None``: the root).

        Raises:
            TrackingError: If ``path`` does not exist or the upload fails.
        """
        local = Path(path)
        if not local.exists():
            raise TrackingError(f"artifact {local} does not exist (run {self._run_id})")
        if not self._uploads(str(local), model):
            return
        with self._errors(f"uploading {local}"):
            if local.is_dir():
                self._client.log_artifacts(self._run_id, str(local), artifact_path)
            else:
                self._client.log_artifact(self._run_id, str(local), artifact_path)

    def log_dict(self, obj: Mapping[str, Any] | list[Any], file_name: str) -> None:
        """Upload ``obj`` as ``file_name`` (JSON, or YAML for ``.yaml``/``.yml``)."""
        if self._uploads(file_name):
            with self._errors(f"uploading {file_name}"):
                self._client.log_dict(self._run_id, obj, file_name)

    def log_text(self, text: str, file_name: str) -> None:
        """Upload ``text`` as ``file_name``."""
        if self._uploads(file_name):
            with self._errors(f"uploading {file_name}"):
                self._client.log_text(self._run_id, text, file_name)
