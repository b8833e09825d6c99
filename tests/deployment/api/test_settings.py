"""ServiceSettings: RESUME_NER_* variables, list parsing, body limits, env round trip."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from resume_ner.deployment.api import ServiceSettings
from resume_ner.infrastructure.config.sections.serve import ServeConfig


def test_settings_read_the_resume_ner_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_NER_MODEL_PATH", "/models/int8")
    monkeypatch.setenv("RESUME_NER_WORKERS", "4")
    monkeypatch.setenv("RESUME_NER_API_KEYS", " k1 , k2 ,")
    monkeypatch.setenv("RESUME_NER_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    monkeypatch.setenv("RESUME_NER_PROTECT_METRICS", "false")
    monkeypatch.setenv("RESUME_NER_SERVE__PORT", "9999")  # the config loader's, not ours
    settings = ServiceSettings()
    assert settings.model_path == "/models/int8"
    assert settings.workers == 4 and settings.port == 8000
    assert settings.key_values() == ["k1", "k2"]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.protect_metrics is False
    assert "k1" not in repr(settings)


def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_NER_PORT", "70000")
    with pytest.raises(ValidationError, match="port"):
        ServiceSettings()


def test_every_service_setting_is_a_key_of_the_serve_section() -> None:
    assert set(ServeConfig.model_fields) == set(ServiceSettings.model_fields)
    for name, field in ServeConfig.model_fields.items():
        assert field.default == ServiceSettings.model_fields[name].default, name
    section = ServeConfig(inference_workers=2, model_threads=1, lazy=True, max_docx_ratio=50)
    settings = ServiceSettings(**dict(section))
    assert (settings.inference_workers, settings.model_threads) == (2, 1)
    assert settings.lazy is True and settings.max_docx_ratio == 50


def test_body_limit_depends_on_the_route() -> None:
    settings = ServiceSettings(max_request_bytes=5000, max_file_bytes=8000)
    assert settings.body_limit("/v1/extract") == 5000
    assert settings.body_limit("/v1/extract/batch") == 5000
    assert settings.body_limit("/v1/extract/file") == 8000 + 64 * 1024
