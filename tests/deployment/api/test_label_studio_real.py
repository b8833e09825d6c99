"""A real Label Studio round trip: project, tasks, ``resume-ner serve`` as its ML backend.

Label Studio (1.23.2) lives in its own virtual environment under
``~/.cache/resume-ner/label-studio-venv`` (``RESUME_NER_LABEL_STUDIO_VENV``), created once.
Skipped when ``RESUME_NER_SKIP_LABEL_STUDIO=1``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_fakes import RESUME, RegexPredictor
from test_serve_cli import _cli, _env, _free_port

from resume_ner.data.loaders import read_label_studio
from resume_ner.deployment.annotation import label_studio_config, label_studio_tasks, model_version

pytestmark = [
    pytest.mark.label_studio,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(
        os.environ.get("RESUME_NER_SKIP_LABEL_STUDIO") == "1",
        reason="RESUME_NER_SKIP_LABEL_STUDIO=1",
    ),
]

PINS = ["label-studio==1.23.2", "label-studio-sdk==2.1.2"]
TOKEN = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
KEY = "ls-backend-key-5c2e"
TEXTS = [RESUME, "Ann Lee\nann@lee.io\nSkills: Java, Kubernetes", "Bo Chan knows SQL"]
RULES = RegexPredictor()
CONFIG = label_studio_config(RULES.info.labels)
"""The labelling config ``resume-ner annotate config`` writes for the model."""
SUGGESTED = model_version(RULES.info)
"""The model version ``resume-ner annotate suggest`` stamps on its pre-annotations."""


def _venv() -> Path:
    default = Path.home() / ".cache" / "resume-ner" / "label-studio-venv"
    venv = Path(os.environ.get("RESUME_NER_LABEL_STUDIO_VENV", default))
    marker = venv / ".resume-ner-pins"
    if marker.exists() and marker.read_text(encoding="utf-8") == " ".join(PINS):
        return venv
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, *PINS], check=True, timeout=1200)
    marker.write_text(" ".join(PINS), encoding="utf-8")
    return venv


def _wait(what: str, check: Callable[[], bool], proc: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited:\n{log.read_text(encoding='utf-8')[-4000:]}")
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{what} did not start in time:\n{log.read_text(encoding='utf-8')[-4000:]}")


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


@pytest.fixture
def label_studio(tmp_path: Path) -> Iterator[httpx.Client]:
    """A started Label Studio (SQLite in ``tmp_path``) and a client authorised as its user."""
    venv = _venv()
    port = _free_port()
    data = tmp_path / "ls-data"
    log = tmp_path / "label-studio.log"
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "DJANGO_DB": "sqlite",
        "SSRF_PROTECTION_ENABLED": "false",
        "ML_BLOCK_LOCAL_IP": "false",
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    }
    args = [str(venv / "bin" / "label-studio"), "start", "--no-browser", "--port", str(port)]
    args += ["--data-dir", str(data), "--username", "u@x.io", "--password", "pass-9x7w"]
    args += ["--user-token", TOKEN, "--internal-host", "127.0.0.1"]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Token {TOKEN}"}
    client = httpx.Client(base_url=base, headers=headers, timeout=120)
    try:
        _wait("Label Studio", lambda: httpx.get(f"{base}/health", timeout=2).is_success, proc, log)
        yield client
    finally:
        client.close()
        _stop(proc)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    """``resume-ner serve`` with the regex predictor and an API key; its base URL."""
    port = _free_port()
    log = tmp_path / "serve.log"
    args = [*_cli(), "--predictor-factory", "api_fakes:make_predictor"]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            args,
            env={**_env(), "RESUME_NER_API_KEYS": KEY},
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait("resume-ner serve", lambda: httpx.get(f"{base}/ready").is_success, proc, log)
        yield base
    finally:
        _stop(proc)


def _ok(response: httpx.Response) -> Any:
    assert response.is_success, f"{response.request.url}: {response.status_code} {response.text}"
    return response.json() if response.content else None


def _spans(regions: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
    return {(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in regions}


def test_round_trip_through_label_studio(
    label_studio: httpx.Client, service: str, tmp_path: Path
) -> None:
    ls = label_studio
    project = _ok(ls.post("/api/projects", json={"title": "resumes", "label_config": CONFIG}))
    pid = project["id"]
    suggested = label_studio_tasks(TEXTS, RULES.predict(TEXTS), SUGGESTED)  # annotate suggest
    _ok(ls.post(f"/api/projects/{pid}/import", json=suggested))
    backend = {
        "url": f"{service}/label-studio",
        "project": pid,
        "title": "resume-ner",
        "auth_method": "BASIC_AUTH",
        "basic_auth_user": "label-studio",
        "basic_auth_pass": KEY,
    }
    _ok(ls.post("/api/ml", json=backend))
    hook = {"url": f"{service}/label-studio/webhook", "project": pid, "send_payload": True}
    hook["headers"] = {"Authorization": f"Bearer {KEY}"}
    _ok(ls.post("/api/webhooks", json=hook))
    action = {"selectedItems": {"all": True, "excluded": []}}
    query = {"id": "retrieve_tasks_predictions", "project": pid}
    _ok(ls.post("/api/dm/actions", params=query, json=action))

    tasks = _ok(ls.get("/api/tasks", params={"project": pid, "fields": "all"}))["tasks"]
    assert sorted(t["data"]["text"] for t in tasks) == sorted(TEXTS)
    predicted = {}
    for task in tasks:
        preds = _ok(ls.get("/api/predictions", params={"task": task["id"]}))
        by_version = {pred["model_version"]: pred for pred in preds}
        assert set(by_version) == {SUGGESTED, "regex-rules@1.0"}  # imported, then the backend's
        text = task["data"]["text"]
        expected = {(e.start, e.end, e.label) for e in RULES._one(text)}
        assert _spans(by_version[SUGGESTED]["result"]) == expected
        assert _spans(by_version["regex-rules@1.0"]["result"]) == expected
        predicted[text] = expected
        # An annotator accepts the backend's pre-annotation as it is.
        result = by_version["regex-rules@1.0"]["result"]
        _ok(ls.post(f"/api/tasks/{task['id']}/annotations", json={"result": result}))

    export = ls.get(f"/api/projects/{pid}/export", params={"exportType": "JSON"})
    path = tmp_path / "export.json"
    path.write_bytes(export.content)
    documents = read_label_studio(path)
    assert {d.text: {(s.start, s.end, s.label) for s in d.spans} for d in documents} == predicted

    headers = {"Authorization": f"Bearer {KEY}"}
    deadline = time.monotonic() + 60
    seen: dict[str, Any] = {}
    while time.monotonic() < deadline:
        seen = httpx.get(f"{service}/label-studio/health", headers=headers).json()["annotations"]
        if seen.get(str(pid), {}).get("events", 0) >= len(TEXTS):
            break
        time.sleep(0.5)
    assert seen.get(str(pid), {}).get("events", 0) >= len(TEXTS), seen
