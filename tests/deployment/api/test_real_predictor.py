"""The service on a real (tiny, random-weight) PyTorch artifact through load_predictor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_fakes import RESUME, docx_with_text
from fastapi.testclient import TestClient

from resume_ner.deployment.api import ModelLoadError, ServiceSettings, create_app


@pytest.fixture(scope="module")
def tiny_artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved token classifier on the tiny backbone whose classifier predicts entities."""
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(0)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    with torch.no_grad():
        model.classifier.weight.mul_(50.0)
    return save_model(model, tokenizer, schema, tmp_path_factory.mktemp("served") / "model")


def test_the_app_serves_a_real_artifact(tiny_artifact: Path) -> None:
    settings = ServiceSettings(model_path=str(tiny_artifact), backend="pytorch", model_threads=1)
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").json()["ready"] is True
        model = client.get("/v1/model").json()
        assert model["backend"] == "pytorch"
        assert "NAME" in model["labels"] and model["max_length"] > 0
        text = RESUME + "\n" + "Senior data engineer, python and sql, 2019. " * 80
        response = client.post("/v1/extract", json={"text": text})
        assert response.status_code == 200
        body = response.json()
        assert body["entities"], "the sharpened random classifier predicts entities"
        for entity in body["entities"]:
            assert text[entity["start"] : entity["end"]] == entity["text"]
            assert 0.0 <= entity["score"] <= 1.0
        single = body["entities"]
        batch = client.post(
            "/v1/extract/batch", json={"documents": [{"text": text}, {"text": "Jane Doe"}]}
        ).json()
        assert batch["succeeded"] == 2
        assert batch["results"][0]["result"]["entities"] == single
        upload = client.post(
            "/v1/extract/file", files={"file": ("cv.docx", docx_with_text(RESUME.split("\n")))}
        )
        assert upload.status_code == 200 and upload.json()["file"]["kind"] == "docx"


def test_a_corrupt_artifact_fails_startup_clearly(tiny_artifact: Path, tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    app = create_app(ServiceSettings(model_path=str(broken)))
    with (
        pytest.raises(ModelLoadError, match=f"model failed to load from {broken}"),
        TestClient(app),
    ):
        pass


def _cli() -> list[str]:
    from resume_ner.cli.app import app

    names = [g.name for g in app.registered_groups] + [c.name for c in app.registered_commands]
    if "serve" in names:
        return [sys.executable, "-c", "from resume_ner.cli import main; main()", "serve"]
    return [sys.executable, "-c", "from resume_ner.cli.serve_cmd import app; app()"]


@pytest.fixture
def served(tiny_artifact: Path, tmp_path: Path) -> Iterator[str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_NER_")}
    args = [*_cli(), "--model", str(tiny_artifact), "--port", str(port), "--backend", "pytorch"]
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        else:
            pytest.fail("server not ready:\n" + Path(log.name).read_text(encoding="utf-8"))
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.slow
def test_resume_ner_serve_answers_over_http_with_a_real_model(served: str) -> None:
    response = httpx.post(f"{served}/v1/extract", json={"text": RESUME}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    for entity in body["entities"]:
        assert RESUME[entity["start"] : entity["end"]] == entity["text"]
    assert httpx.get(f"{served}/v1/model", timeout=5).json()["backend"] == "pytorch"
