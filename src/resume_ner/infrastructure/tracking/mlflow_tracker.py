"""The MLflow tracker: connects lazily, creates experiments, opens stage and child runs."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.locking import file_lock
from resume_ner.core.normalize import safe_path_part
from resume_ner.infrastructure.tracking.base import PARENT_RUN_ID_TAG, Tracker
from resume_ner.infrastructure.tracking.run_handle import MlflowRunHandle, mlflow_errors
from resume_ner.infrastructure.tracking.uris import (
    check_server_reachable,
    sqlite_db_path,
    uri_scheme,
)
from resume_ner.infrastructure.tracking.values import TrackingError, prepare_tags

if TYPE_CHECKING:
    from mlflow import MlflowClient

logger = logging.getLogger(__name__)

_OPEN_RUNS: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("_OPEN_RUNS", default=())
"""(tracking URI, run id) of the stage runs open in this thread / task, innermost last."""


class MlflowTracker(Tracker):
    """Records stage runs in MLflow through an explicit ``MlflowClient``.

    mlflow is imported and the store contacted on first use, not on construction. No global
    MLflow state (tracking URI, active run) is touched, so trackers in several threads or
    processes do not interfere.
    """

    def __init__(
        self,
        uri: str,
        artifact_location: str | None = None,
        *,
        log_artifacts: bool = True,
        log_models: bool = False,
        connect_timeout_s: float | None = 5.0,
    ) -> None:
        """Remember where to record; nothing is contacted yet.

        Experiments this tracker creates get ``<artifact_location>/<experiment>`` (``None``:
        the store's default); ``log_models`` also uploads artifacts marked as model weights;
        an http(s) server is probed for ``connect_timeout_s`` on first use (``None``: no probe).
        """
        self._uri = uri
        self._artifact_location = artifact_location.rstrip("/") if artifact_location else None
        self._log_artifacts = log_artifacts
        self._log_models = log_models
        self._connect_timeout_s = connect_timeout_s
        self._lock = threading.Lock()
        self._client_obj: MlflowClient | None = None
        self._experiments: dict[str, str] = {}

    @property
    def enabled(self) -> bool:
        """Always ``True``."""
        return True

    @property
    def uri(self) -> str:
        """The tracking URI."""
        return self._uri

    @property
    def artifact_location(self) -> str | None:
        """The artifact root for new experiments (``None``: the store's default)."""
        return self._artifact_location

    def client(self) -> MlflowClient:
        """The ``mlflow.MlflowClient``, created (and the store initialised) on first call.

        Raises:
            TrackingError: If the server is unreachable or the store cannot be opened.
        """
        with self._lock:
            if self._client_obj is None:
                self._client_obj = self._connect()
            return self._client_obj

    def _connect(self) -> MlflowClient:
        if self._connect_timeout_s is not None:
            check_server_reachable(self._uri, self._connect_timeout_s)
        from mlflow import MlflowClient

        action = "opening the tracking store"
        if uri_scheme(self._uri) == "azureml":
            action += " (azureml:// URIs need the azureml-mlflow package and an Azure login)"
        db_path = sqlite_db_path(self._uri)
        with contextlib.ExitStack() as stack, mlflow_errors(action, self._uri):
            if db_path is not None:
                # Serialise first-time table creation between processes sharing the store.
                stack.enter_context(file_lock(f"{db_path}.lock"))
            client = MlflowClient(tracking_uri=self._uri)
            client.search_experiments(max_results=1)
            logger.debug("tracking store ready at %s", self._uri)
            return client

    def experiment_id(self, name: str) -> str:
        """Id of experiment ``name``, created (or restored if deleted) when needed.

        Raises:
            TrackingError: If the experiment cannot be read or created.
        """
        if name in self._experiments:
            return self._experiments[name]
        from mlflow.exceptions import MlflowException

        client = self.client()
        with mlflow_errors(f"getting experiment {name!r}", self._uri):
            found = client.get_experiment_by_name(name)
            if found is None:
                location = None
                if self._artifact_location is not None:
                    location = f"{self._artifact_location}/{safe_path_part(name)}"
                try:
                    exp_id = str(client.create_experiment(name, artifact_location=location))
                except MlflowException:
                    found = client.get_experiment_by_name(name)  # created concurrently
                    if found is None:
                        raise
                    exp_id = found.experiment_id
                else:
                    logger.info("created experiment %r (artifacts at %s)", name, location)
            else:
                exp_id = found.experiment_id
                if found.lifecycle_stage == "deleted":
                    logger.warning("experiment %r was deleted; restoring it", name)
                    client.restore_experiment(exp_id)
        self._experiments[name] = exp_id
        return exp_id

    def _open_parent(self) -> str:
        for uri, run_id in reversed(_OPEN_RUNS.get()):
            if uri == self._uri:
                return run_id
        raise TrackingError(
            "nested=True needs an enclosing stage_run of this tracker or a parent_run_id"
        )

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
    ) -> Iterator[MlflowRunHandle]:
        """Open a run in ``experiment`` (created when missing), tagged at creation.

        On exit it ends FINISHED (or the handle's end status), FAILED when the block raises an
        exception (KILLED on KeyboardInterrupt/SystemExit), which propagates. ``nested`` makes
        it a child of the innermost open stage run of this tracker in the current thread,
        unless ``parent_run_id`` names the parent.
        """
        parent = parent_run_id or (self._open_parent() if nested else None)
        run_tags = prepare_tags(tags or {})
        if parent:
            run_tags[PARENT_RUN_ID_TAG] = parent
        exp_id = self.experiment_id(experiment)
        client = self.client()
        with mlflow_errors(f"creating run {run_name!r} in {experiment!r}", self._uri):
            run_id: str = client.create_run(exp_id, run_name=run_name, tags=run_tags).info.run_id
        handle = self._handle(client, run_id)
        token = _OPEN_RUNS.set((*_OPEN_RUNS.get(), (self._uri, run_id)))
        try:
            if params:
                handle.log_params(params)
            yield handle
        except Exception:
            self._end(run_id, "FAILED", quiet=True)
            raise
        except BaseException:
            self._end(run_id, "KILLED", quiet=True)
            raise
        else:
            self._end(run_id, handle.end_status, quiet=False)
        finally:
            _OPEN_RUNS.reset(token)

    @contextlib.contextmanager
    def attach_run(self, run_id: str) -> Iterator[MlflowRunHandle]:
        """Log into the existing run ``run_id`` (an Azure ML job's own run); never end it.

        Raises:
            TrackingError: If the run does not exist on this tracking URI.
        """
        client = self.client()
        with mlflow_errors(f"opening run {run_id}", self._uri):
            client.get_run(run_id)
        yield self._handle(client, run_id)

    def _handle(self, client: MlflowClient, run_id: str) -> MlflowRunHandle:
        return MlflowRunHandle(
            client,
            run_id,
            self._uri,
            log_artifacts=self._log_artifacts,
            log_models=self._log_models,
        )

    def _end(self, run_id: str, status: str, *, quiet: bool) -> None:
        try:
            with mlflow_errors(f"ending run {run_id} as {status}", self._uri):
                self.client().set_terminated(run_id, status)
        except TrackingError:
            if not quiet:
                raise
            logger.exception("could not mark run %s as %s", run_id, status)
