"""Choose the tracking URI and artifact root for a config, and build the tracker."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.tracking.base import NullTracker, Tracker
from resume_ner.infrastructure.tracking.mlflow_tracker import MlflowTracker
from resume_ner.infrastructure.tracking.uris import (
    LOCAL_STORE_SCHEMES,
    TRACKING_URI_ENV,
    embedded_store_uri,
    uri_scheme,
)
from resume_ner.infrastructure.tracking.values import TrackingError

ARTIFACTS_DIR = "mlartifacts"
"""Folder under the output root holding artifacts of the embedded store."""


def resolve_tracking_uri(
    config: TrackingConfig, output_root: Path, env: Mapping[str, str] | None = None
) -> str:
    """Pick the tracking URI: ``config.uri``, else ``MLFLOW_TRACKING_URI``, else embedded SQLite.

    A chosen URI is returned as given; the embedded store lives directly under ``output_root``.

    Raises:
        TrackingError: If the chosen URI has no scheme (a bare path would select MLflow's
            deprecated file store).
    """
    environ = os.environ if env is None else env
    if config.uri and config.uri.strip():
        uri, source = config.uri.strip(), "tracking.uri"
    elif environ.get(TRACKING_URI_ENV, "").strip():
        uri, source = environ[TRACKING_URI_ENV].strip(), TRACKING_URI_ENV
    else:
        return embedded_store_uri(output_root)
    if uri_scheme(uri) is None:
        raise TrackingError(
            f"{source}: tracking URI {uri!r} has no scheme; use http(s)://HOST:PORT, "
            "sqlite:///ABSOLUTE/PATH.db, postgresql://... or azureml://..."
        )
    return uri


def resolve_artifact_location(
    config: TrackingConfig, tracking_uri: str, output_root: Path
) -> str | None:
    """The artifact root for new experiments.

    ``config.artifact_location`` wins (a relative path is taken under ``output_root``); a
    database store without a server gets ``<output_root>/mlartifacts`` so artifacts stay
    under the output root; a server or Azure ML keeps its own default (``None``).
    """
    location = (config.artifact_location or "").strip()
    if location:
        if uri_scheme(location) is not None:
            return location
        path = Path(location)
        return (path if path.is_absolute() else Path(output_root) / path).resolve().as_uri()
    if uri_scheme(tracking_uri) in LOCAL_STORE_SCHEMES:
        return (Path(output_root) / ARTIFACTS_DIR).resolve().as_uri()
    return None


def make_tracker(
    config: TrackingConfig,
    output_root: Path,
    env: Mapping[str, str] | None = None,
    *,
    connect_timeout_s: float | None = 5.0,
) -> Tracker:
    """Build the tracker for ``config``: a :class:`NullTracker` when tracking is disabled.

    Nothing is contacted or imported here; the MLflow tracker connects on first use and then
    waits ``connect_timeout_s`` for a server (``None`` skips the probe).
    """
    if not config.enabled:
        return NullTracker()
    uri = resolve_tracking_uri(config, output_root, env)
    return MlflowTracker(
        uri,
        resolve_artifact_location(config, uri, output_root),
        log_artifacts=config.log_artifacts,
        log_models=config.log_models,
        connect_timeout_s=connect_timeout_s,
    )
