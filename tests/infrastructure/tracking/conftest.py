"""Fixtures for tracking tests: quiet MLflow and a shared embedded SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.tracking import MlflowTracker, make_tracker


@pytest.fixture(autouse=True)
def _quiet_mlflow(monkeypatch: pytest.MonkeyPatch) -> None:
    """No run URLs or progress bars from MLflow, no tracking URI leaking in from outside."""
    monkeypatch.setenv("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    monkeypatch.setenv("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)


@pytest.fixture(scope="module")
def store_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output root whose embedded SQLite store is shared by one test module."""
    return tmp_path_factory.mktemp("output-root")


@pytest.fixture(scope="module")
def sqlite_tracker(store_root: Path) -> MlflowTracker:
    """The embedded-store tracker for ``store_root`` (tables created once per module)."""
    tracker = make_tracker(TrackingConfig(), store_root, env={})
    assert isinstance(tracker, MlflowTracker)
    return tracker
