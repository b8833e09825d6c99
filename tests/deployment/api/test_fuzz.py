"""Property-based fuzzing of the JSON endpoints: whatever arrives, never a 5xx, always the shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from api_fakes import RegexPredictor
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resume_ner.deployment.api import ServiceSettings, create_app

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
ANY_TEXT = st.lists(
    st.one_of(st.characters(), SURROGATES, st.sampled_from("@.+ \n\t")), max_size=400
).map("".join)
"""Any code point, lone surrogates included (JSON can carry them as \\ud800 escapes)."""
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "labels": st.one_of(st.none(), st.lists(st.sampled_from(["NAME", "EMAIL", "X"]))),
        "min_score": st.one_of(st.floats(allow_nan=False), st.integers(), st.text(max_size=3)),
        "include_entities": JSON_VALUES,
    },
)
BODIES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({"text": ANY_TEXT}, optional={"options": OPTIONS}),
    st.fixed_dictionaries({"text": JSON_VALUES}),
    st.fixed_dictionaries(
        {"documents": st.lists(st.fixed_dictionaries({"text": ANY_TEXT}), max_size=5)}
    ),
)


@pytest.fixture(scope="module")
def fuzz_client() -> Iterator[TestClient]:
    app = create_app(
        ServiceSettings(max_text_chars=300), predictor_factory=lambda _s: RegexPredictor()
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "request_id"}
    else:
        assert "request_id" in body


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, path=st.sampled_from(["/v1/extract", "/v1/extract/batch"]))
def test_json_bodies_never_cause_a_server_error(
    fuzz_client: TestClient, body: Any, path: str
) -> None:
    encoded = json.dumps(body, ensure_ascii=True).encode()
    _check(fuzz_client.post(path, content=encoded, headers={"Content-Type": "application/json"}))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=300))
def test_raw_bytes_never_cause_a_server_error(fuzz_client: TestClient, raw: bytes) -> None:
    _check(
        fuzz_client.post("/v1/extract", content=raw, headers={"Content-Type": "application/json"})
    )
    _check(fuzz_client.post("/v1/extract/file", files={"file": ("f.pdf", raw)}))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT.filter(lambda t: t.strip()))
def test_entity_offsets_always_match_the_text(fuzz_client: TestClient, text: str) -> None:
    encoded = json.dumps({"text": text}).encode()
    response = fuzz_client.post(
        "/v1/extract", content=encoded, headers={"Content-Type": "application/json"}
    )
    if response.status_code == 200:
        for entity in response.json()["entities"]:
            assert text[entity["start"] : entity["end"]] == entity["text"]
    else:
        assert response.json()["error"]["code"] in {"text_too_large", "invalid_text"}
