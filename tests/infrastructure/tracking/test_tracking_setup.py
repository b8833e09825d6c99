"""Choosing the tracking URI and artifact root, and building the tracker from config."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.tracking import (
    MlflowTracker,
    NullTracker,
    Tracker,
    TrackingError,
    embedded_store_uri,
    make_tracker,
    resolve_artifact_location,
    resolve_tracking_uri,
    to_run_status,
)
from resume_ner.infrastructure.tracking.uris import sqlite_db_path, uri_scheme


def test_default_is_absolute_embedded_sqlite_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    uri = resolve_tracking_uri(TrackingConfig(), Path("outputs"), env={})
    assert uri == f"sqlite:///{tmp_path.resolve().as_posix()}/outputs/mlflow.db"
    assert sqlite_db_path(uri) == tmp_path.resolve() / "outputs" / "mlflow.db"


def test_config_uri_wins_over_environment(tmp_path: Path) -> None:
    config = TrackingConfig(uri="http://tracking.example:5000")
    env = {"MLFLOW_TRACKING_URI": "sqlite:////elsewhere/mlflow.db"}
    assert resolve_tracking_uri(config, tmp_path, env=env) == "http://tracking.example:5000"


def test_environment_used_when_config_is_empty(tmp_path: Path) -> None:
    env = {"MLFLOW_TRACKING_URI": " postgresql+psycopg2://u@db/mlflow "}
    uri = resolve_tracking_uri(TrackingConfig(uri="  "), tmp_path, env=env)
    assert uri == "postgresql+psycopg2://u@db/mlflow"
    assert uri_scheme(uri) == "postgresql"


def test_process_environment_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5999")
    assert resolve_tracking_uri(TrackingConfig(), tmp_path) == "http://127.0.0.1:5999"


def test_azureml_uri_is_kept_as_given(tmp_path: Path) -> None:
    azure = "azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/s/resourceGroups/g"
    assert resolve_tracking_uri(TrackingConfig(uri=azure), tmp_path, env={}) == azure
    assert resolve_artifact_location(TrackingConfig(), azure, tmp_path) is None


@pytest.mark.parametrize(
    ("uri", "source"),
    [("/srv/mlruns", "tracking.uri"), ("C:/mlruns", "tracking.uri"), ("mlruns", "tracking.uri")],
)
def test_uri_without_scheme_is_rejected(tmp_path: Path, uri: str, source: str) -> None:
    with pytest.raises(TrackingError) as info:
        resolve_tracking_uri(TrackingConfig(uri=uri), tmp_path, env={})
    assert str(info.value).startswith(f"{source}: tracking URI {uri!r} has no scheme;")


def test_env_uri_without_scheme_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(TrackingError, match=r"^MLFLOW_TRACKING_URI: tracking URI './mlruns'"):
        resolve_tracking_uri(TrackingConfig(), tmp_path, env={"MLFLOW_TRACKING_URI": "./mlruns"})


def test_artifact_location_for_database_stores_is_under_output_root(tmp_path: Path) -> None:
    expected = (tmp_path / "mlartifacts").resolve().as_uri()
    for uri in (embedded_store_uri(tmp_path), "sqlite:////x/y.db", "postgresql://db/mlflow"):
        assert resolve_artifact_location(TrackingConfig(), uri, tmp_path) == expected


def test_artifact_location_for_a_server_is_the_server_default(tmp_path: Path) -> None:
    assert resolve_artifact_location(TrackingConfig(), "https://mlflow.example", tmp_path) is None


def test_configured_artifact_location(tmp_path: Path) -> None:
    uri = embedded_store_uri(tmp_path)
    relative = TrackingConfig(artifact_location="art")
    assert resolve_artifact_location(relative, uri, tmp_path) == (tmp_path / "art").as_uri()
    remote = TrackingConfig(artifact_location="s3://bucket/runs")
    assert resolve_artifact_location(remote, "http://h:1", tmp_path) == "s3://bucket/runs"


def test_make_tracker_disabled_gives_null_tracker(tmp_path: Path) -> None:
    tracker = make_tracker(TrackingConfig(enabled=False, uri="http://nowhere:1"), tmp_path)
    assert isinstance(tracker, NullTracker)
    assert isinstance(tracker, Tracker)
    assert (tracker.enabled, tracker.uri) == (False, None)


def test_make_tracker_is_lazy(tmp_path: Path) -> None:
    config = TrackingConfig(log_artifacts=False, log_models=True)
    tracker = make_tracker(config, tmp_path / "out", env={})
    assert isinstance(tracker, MlflowTracker)
    assert isinstance(tracker, Tracker)
    assert tracker.enabled
    assert tracker.uri == embedded_store_uri(tmp_path / "out")
    assert tracker.artifact_location == (tmp_path / "out" / "mlartifacts").resolve().as_uri()
    assert not (tmp_path / "out").exists(), "nothing may be created before first use"


def test_uri_helpers() -> None:
    assert uri_scheme("HTTPS://h") == "https"
    assert uri_scheme("C:\\runs") is None
    assert sqlite_db_path("sqlite:///rel.db?timeout=5") == Path("rel.db")
    assert sqlite_db_path("sqlite:///:memory:") is None
    assert sqlite_db_path("http://h") is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("completed", "FINISHED"),
        ("REUSED", "FINISHED"),
        ("Failed", "FAILED"),
        ("pruned", "KILLED"),
        ("KILLED", "KILLED"),
    ],
)
def test_to_run_status(status: str, expected: str) -> None:
    assert to_run_status(status) == expected


def test_to_run_status_rejects_running() -> None:
    with pytest.raises(TrackingError, match=r"run status 'running' is not a terminal status"):
        to_run_status("running")


@pytest.mark.skipif(
    importlib.util.find_spec("azureml") is not None, reason="azureml-mlflow is installed"
)
def test_azureml_uri_without_its_plugin_names_the_package(tmp_path: Path) -> None:
    uri = "azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/s/resourceGroups/g"
    tracker = make_tracker(TrackingConfig(uri=uri), tmp_path, env={})
    with pytest.raises(TrackingError) as info:
        tracker.experiment_id("e")
    assert str(info.value).startswith(
        "opening the tracking store (azureml:// URIs need the azureml-mlflow package and an "
        f"Azure login) failed at {uri}: "
    )


def test_unusable_sqlite_location_names_the_uri(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    tracker = make_tracker(TrackingConfig(), blocker, env={})
    with pytest.raises(TrackingError) as info, tracker.stage_run("e", "r"):
        pass
    assert str(info.value).startswith(
        f"opening the tracking store failed at sqlite:///{blocker.as_posix()}/mlflow.db: "
    )
