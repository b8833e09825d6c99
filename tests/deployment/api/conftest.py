"""Fixtures: the real app around a deterministic regex predictor, with chosen settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from api_fakes import MakeClient, RegexPredictor
from fastapi.testclient import TestClient

from resume_ner.deployment.api import ServiceSettings, create_app


@pytest.fixture(autouse=True)
def _clean_service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from the test alone, not from RESUME_NER_* variables of the shell."""
    for name in ServiceSettings.model_fields:
        monkeypatch.delenv(f"RESUME_NER_{name.upper()}", raising=False)


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """Build a started TestClient: ``make_client(predictor=..., **settings)``."""
    with ExitStack() as stack:

        def build(predictor: RegexPredictor | None = None, **settings: Any) -> TestClient:
            model = predictor if predictor is not None else RegexPredictor()
            app = create_app(ServiceSettings(**settings), predictor_factory=lambda _s: model)
            client = TestClient(app, raise_server_exceptions=False)
            stack.enter_context(client)
            return client

        yield build


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """The app with default limits, no API keys, and the regex predictor."""
    return make_client()
