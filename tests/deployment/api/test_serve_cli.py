"""``resume-ner serve``: settings precedence, one-line errors, and a real server over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_fakes import RESUME, pdf_with_text
from typer.testing import CliRunner

from resume_ner.cli import serve_cmd
from resume_ner.deployment.api import ServiceSettings

HERE = Path(__file__).resolve().parent
runner = CliRunner()


def test_flags_beat_config_which_beats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_NER_PORT", "7001")
    monkeypatch.setenv("RESUME_NER_MAX_QUEUE", "5")
    monkeypatch.setenv("RESUME_NER_API_KEYS", "k1,k2")
    config = tmp_path / "serve.yaml"
    config.write_text("serve:\n  port: 7002\n  max_batch_size: 4\n", encoding="utf-8")
    settings = serve_cmd.build_settings([config], ["serve.max_pdf_pages=3"], {"workers": 3})
    assert (settings.port, settings.max_batch_size, settings.max_pdf_pages) == (7002, 4, 3)
    assert (settings.workers, settings.max_queue) == (3, 5)
    assert settings.key_values() == ["k1", "k2"]
    flagged = serve_cmd.build_settings([config], None, {"port": 7003, "host": None})
    assert (flagged.port, flagged.host) == (7003, "127.0.0.1")


def test_exported_settings_rebuild_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = ServiceSettings(api_keys=["a,b", "c"], cors_origins=["https://x"], workers=2)
    env = {"RESUME_NER_MODEL_PATH": "/stale/path", "RESUME_NER_PORT": "1", "OTHER": "kept"}
    serve_cmd.export_settings(settings, env)
    assert env["OTHER"] == "kept" and "RESUME_NER_MODEL_PATH" not in env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    rebuilt = ServiceSettings()
    assert rebuilt == settings
    assert rebuilt.key_values() == ["a,b", "c"]


def test_missing_model_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(serve_cmd.app, ["--model", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr == f"error: model folder not found: {tmp_path / 'nope'}\n"
    none = runner.invoke(serve_cmd.app, [], env={"RESUME_NER_MODEL_PATH": ""})
    assert none.exit_code == 1
    assert (
        none.stderr == "error: no model to serve: pass --model PATH or set RESUME_NER_MODEL_PATH\n"
    )


def test_invalid_setting_is_one_line() -> None:
    result = runner.invoke(serve_cmd.app, ["--backend", "tensorrt", "--lazy"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: invalid serve settings: backend: Input should be")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli() -> list[str]:
    """``resume-ner serve`` through the root app once registered there, else the command app."""
    from resume_ner.cli.app import app

    names = [g.name for g in app.registered_groups] + [c.name for c in app.registered_commands]
    if "serve" in names:
        return [sys.executable, "-c", "from resume_ner.cli import main; main()", "serve"]
    return [sys.executable, "-c", "from resume_ner.cli.serve_cmd import app; app()"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_NER_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(HERE), str(HERE.parents[1]), env.get("PYTHONPATH", "")]
    )
    return env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    log = (tmp_path / "server.log").open("w+", encoding="utf-8")
    args = [
        *_cli(),
        "--predictor-factory",
        "api_fakes:make_predictor",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    env = {**_env(), "RESUME_NER_API_KEYS": "sekret", "RESUME_NER_MAX_REQUEST_BYTES": "100000"}
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, Path(log.name).read_text(encoding="utf-8")
            try:
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("server did not become ready:\n" + Path(log.name).read_text("utf-8"))
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def _raw_oversized_post(base: str) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        head = (
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
            "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"
        )
        sock.sendall(head.encode() + b'{"text": "')
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
        return answer


def test_serve_runs_a_real_server_with_two_workers(
    server: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, proc = server
    auth = {"Authorization": "Bearer sekret"}
    with httpx.Client(base_url=base, timeout=10) as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.post("/v1/extract", json={"text": RESUME}).status_code == 401
        for _ in range(6):
            response = client.post(
                "/v1/extract", json={"text": RESUME}, headers={**auth, "X-Request-ID": "req-42"}
            )
            assert response.status_code == 200
            assert response.headers["X-Request-ID"] == "req-42"
            assert response.json()["fields"]["name"] == "Jane Doe"
        pdf = pdf_with_text(RESUME.split("\n"))
        upload = client.post("/v1/extract/file", files={"file": ("cv.pdf", pdf)}, headers=auth)
        assert upload.status_code == 200 and upload.json()["file"]["kind"] == "pdf"
        assert client.get("/v1/model", headers=auth).json()["name"] == "regex-rules"
        assert "resume_ner_requests_total" in client.get("/metrics", headers=auth).text
    answer = _raw_oversized_post(base)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert b'"code":"request_too_large"' in answer
    proc.send_signal(signal.SIGINT)
    assert proc.wait(20) == 0
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert log.count("loaded and warmed up") >= 2  # each worker (and the preflight check)
    assert "req-42 POST /v1/extract -> 200" in log


def test_serve_fails_startup_with_the_reason(tmp_path: Path) -> None:
    args = [*_cli(), "--model", str(tmp_path), "--predictor-factory", "api_fakes:broken_factory"]
    args += ["--port", str(_free_port())]
    result = subprocess.run(
        args, env=_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 3, result.stderr
    assert f"model failed to load from {tmp_path}: OSError: model.onnx is corrupt" in result.stderr


def test_serve_with_several_workers_checks_the_model_first(tmp_path: Path) -> None:
    args = [*_cli(), "--model", str(tmp_path), "--workers", "2"]
    args += ["--predictor-factory", "api_fakes:broken_factory"]
    result = subprocess.run(
        args, env=_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        f"error: model failed to load from {tmp_path}: OSError: model.onnx is corrupt in {tmp_path}"
    )


def test_fields_mirror_serve_config() -> None:
    from resume_ner.infrastructure.config.sections.serve import ServeConfig

    service_fields: dict[str, Any] = ServiceSettings.model_fields
    for name, field in ServeConfig.model_fields.items():
        assert name in service_fields, name
        assert service_fields[name].get_default(call_default_factory=True) == field.get_default(
            call_default_factory=True
        ), name
