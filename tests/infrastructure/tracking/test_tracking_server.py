"""The tracker against a real ``mlflow server`` over HTTP, and fast failure when none answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.tracking import (
    MlflowTracker,
    TrackingError,
    check_server_reachable,
    make_tracker,
)
from tracking_reads import find_runs, run_summary

SERVER_START_DEADLINE_S = 90.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServerInfo:
    """A running MLflow server: its URI and the folders behind it."""

    uri: str
    root: Path
    artifacts: Path


def _healthy(uri: str) -> bool:
    try:
        with urllib.request.urlopen(f"{uri}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerInfo]:
    """A real ``mlflow server`` on a free local port, stopped (whole process group) at the end."""
    root = tmp_path_factory.mktemp("mlflow-server")
    artifacts = root / "artifacts"
    exe = Path(sys.executable).parent / "mlflow"
    if not exe.exists():
        pytest.fail(f"the mlflow command is missing next to {sys.executable}")
    uri = f"http://127.0.0.1:{free_port()}"
    command = [
        str(exe),
        "server",
        "--host",
        "127.0.0.1",
        "--port",
        uri.rsplit(":", 1)[1],
        "--backend-store-uri",
        f"sqlite:///{(root / 'server.db').as_posix()}",
        "--artifacts-destination",
        str(artifacts),
        "--workers",
        "1",
    ]
    log_path = root / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=root, start_new_session=True
        )
    try:
        deadline = time.monotonic() + SERVER_START_DEADLINE_S
        while not _healthy(uri):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"mlflow server at {uri} did not become healthy:\n{tail}")
            time.sleep(0.25)
        yield ServerInfo(uri=uri, root=root, artifacts=artifacts)
    finally:
        _stop(proc)


def test_run_over_http_is_read_back(mlflow_server: ServerInfo, tmp_path: Path) -> None:
    report = tmp_path / "metrics.json"
    report.write_text('{"f1": 0.7}', encoding="utf-8")
    tracker = make_tracker(
        TrackingConfig(), tmp_path / "out", env={"MLFLOW_TRACKING_URI": mlflow_server.uri}
    )
    assert isinstance(tracker, MlflowTracker)
    assert tracker.uri == mlflow_server.uri
    assert tracker.artifact_location is None

    with tracker.stage_run(
        "server-exp", "train", tags={"spec_fp": "f00"}, params={"lr": 0.1}
    ) as run:
        run.log_metrics({"f1": 0.7}, step=2)
        run.log_artifact(report, "reports")
        with tracker.stage_run("server-exp", "child", nested=True) as child:
            child.log_metrics({"loss": 1.5})

    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=mlflow_server.uri)
    got = client.get_run(run.run_id)
    assert got.info.status == "FINISHED"
    assert got.data.params == {"lr": "0.1"}
    assert got.data.metrics == {"f1": 0.7}
    assert got.data.tags["spec_fp"] == "f00"
    assert [a.path for a in client.list_artifacts(run.run_id, "reports")] == [
        "reports/metrics.json"
    ]
    downloaded = client.download_artifacts(run.run_id, "reports/metrics.json", str(tmp_path / "dl"))
    assert Path(downloaded).read_text(encoding="utf-8") == '{"f1": 0.7}'
    stored = list(mlflow_server.artifacts.rglob("metrics.json"))
    assert len(stored) == 1, "the server must store the artifact under --artifacts-destination"

    assert find_runs(tracker, "server-exp", {"spec_fp": "f00"}) == [run.run_id]
    summary = run_summary(tracker, child.run_id)
    assert summary.parent_run_id == run.run_id
    assert summary.metrics == {"loss": 1.5}
    assert not (tmp_path / "out").exists(), "a server-backed tracker writes nothing locally"


def test_failed_run_over_http(mlflow_server: ServerInfo) -> None:
    tracker = MlflowTracker(mlflow_server.uri)
    with pytest.raises(OSError, match="disk"), tracker.stage_run("server-exp", "bad") as run:
        raise OSError("disk full")
    assert run_summary(tracker, run.run_id).status == "FAILED"


def test_unreachable_server_fails_fast_naming_the_uri(tmp_path: Path) -> None:
    uri = f"http://127.0.0.1:{free_port()}"
    tracker = make_tracker(TrackingConfig(uri=uri), tmp_path, env={})
    start = time.monotonic()
    with pytest.raises(TrackingError) as info, tracker.stage_run("e", "r"):
        pass
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert message.startswith(f"MLflow tracking server {uri} is unreachable (")
    assert "Connection refused" in message
    assert message.endswith("or set tracking.enabled=false")


def test_silent_server_times_out(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        uri = f"http://127.0.0.1:{silent.getsockname()[1]}"
        start = time.monotonic()
        with pytest.raises(TrackingError, match=rf"^MLflow tracking server {uri} is unreachable"):
            check_server_reachable(uri, timeout_s=1.0)
        assert time.monotonic() - start < 4
