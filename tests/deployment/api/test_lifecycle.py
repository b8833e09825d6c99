"""Model loading in the lifespan: ready only after warm-up; clear failures; --lazy stays up."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from api_fakes import RESUME, RegexPredictor, broken_factory
from fastapi.testclient import TestClient

from resume_ner.deployment.api import (
    ModelLoadError,
    ServiceSettings,
    create_app,
    default_predictor_factory,
    get_predictor,
)


def test_failed_load_fails_startup_with_the_reason(tmp_path: Any) -> None:
    settings = ServiceSettings(model_path=str(tmp_path))
    app = create_app(settings, predictor_factory=broken_factory)
    with pytest.raises(ModelLoadError) as info, TestClient(app):
        pass
    assert str(info.value) == (
        f"model failed to load from {tmp_path}: OSError: model.onnx is corrupt in {tmp_path}"
    )


def test_failed_warm_up_fails_startup() -> None:
    app = create_app(
        ServiceSettings(), predictor_factory=lambda _s: RegexPredictor(fail_on="Jane Doe")
    )
    expected = "RuntimeError: rules crashed on marker 'Jane Doe'"
    with pytest.raises(ModelLoadError, match=expected), TestClient(app):
        pass


def test_lazy_start_is_not_ready_until_the_model_is_warm() -> None:
    gate = threading.Event()

    def slow_factory(_settings: ServiceSettings) -> RegexPredictor:
        assert gate.wait(10)
        return RegexPredictor()

    app = create_app(ServiceSettings(lazy=True), predictor_factory=slow_factory)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["error"]["code"] == "not_ready"
        assert ready.json()["error"]["message"].startswith("loading the model from")
        assert ready.headers["Retry-After"] == "5"
        early = client.post("/v1/extract", json={"text": RESUME})
        assert early.status_code == 503 and early.json()["error"]["code"] == "not_ready"
        gate.set()
        for _ in range(200):
            if client.get("/ready").status_code == 200:
                break
            threading.Event().wait(0.02)
        assert client.get("/ready").json()["ready"] is True
        assert client.post("/v1/extract", json={"text": RESUME}).status_code == 200
        assert "resume_ner_model_ready 1" in client.get("/metrics").text


def test_lazy_start_with_a_broken_model_stays_up_and_not_ready(tmp_path: Any) -> None:
    app = create_app(
        ServiceSettings(lazy=True, model_path=str(tmp_path)), predictor_factory=broken_factory
    )
    with TestClient(app) as client:
        for _ in range(200):
            message = client.get("/ready").json()["error"]["message"]
            if message.startswith("model failed"):
                break
            threading.Event().wait(0.02)
        assert message == (
            f"model failed to load from {tmp_path}: OSError: model.onnx is corrupt in {tmp_path}"
        )
        assert client.get("/health").status_code == 200
        assert "resume_ner_model_ready 0" in client.get("/metrics").text


def test_dependency_override_swaps_the_predictor() -> None:
    loaded, swapped = RegexPredictor(), RegexPredictor()
    app = create_app(ServiceSettings(), predictor_factory=lambda _s: loaded)
    app.dependency_overrides[get_predictor] = lambda: swapped
    with TestClient(app) as client:
        assert client.post("/v1/extract", json={"text": RESUME}).status_code == 200
    assert swapped.calls == [1]
    assert loaded.calls == [1]  # the warm-up only


def test_default_factory_needs_a_model_path() -> None:
    with pytest.raises(ModelLoadError) as info:
        default_predictor_factory(ServiceSettings())
    assert str(info.value) == "no model to serve: pass --model PATH or set RESUME_NER_MODEL_PATH"


def test_default_factory_reports_a_missing_folder(tmp_path: Any) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ModelLoadError, match=f"model folder not found: {missing}"):
        default_predictor_factory(ServiceSettings(model_path=str(missing)))


def test_default_factory_calls_load_predictor(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []

    def load_predictor(path: Any, backend: str = "auto", threads: int | None = None) -> Any:
        calls.append((path, backend, threads))
        return RegexPredictor()

    monkeypatch.setattr("resume_ner.deployment.inference.load_predictor", load_predictor)
    settings = ServiceSettings(model_path=str(tmp_path), backend="onnx_int8", model_threads=2)
    assert isinstance(default_predictor_factory(settings), RegexPredictor)
    assert calls == [(tmp_path, "onnx_int8", 2)]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_colon", "predictor factory 'no_colon' is not of the form 'package.module:callable'"),
        ("missing_mod_xyz:make", "cannot import predictor factory module 'missing_mod_xyz'"),
        ("api_fakes:nothing", "predictor factory 'api_fakes:nothing': api_fakes has no callable"),
    ],
)
def test_custom_factory_errors_are_clear(spec: str, message: str) -> None:
    with pytest.raises(ModelLoadError, match=message.replace("(", r"\(")):
        default_predictor_factory(ServiceSettings(predictor_factory=spec))


def test_custom_factory_is_imported_and_called() -> None:
    predictor = default_predictor_factory(
        ServiceSettings(predictor_factory="api_fakes:make_predictor")
    )
    assert predictor.info.name == "regex-rules"
