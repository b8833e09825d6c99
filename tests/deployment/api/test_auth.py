"""Optional API keys: Bearer or X-API-Key, 401 without, 403 wrong; health and ready stay open."""

from __future__ import annotations

import pytest
from api_fakes import RESUME, MakeClient
from fastapi.testclient import TestClient

from resume_ner.deployment.api.auth import key_matches

KEYS = ["k-one-2f9a", "k-two-77c1"]


@pytest.fixture
def keyed(make_client: MakeClient) -> TestClient:
    return make_client(api_keys=KEYS)


def _extract(client: TestClient, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    response = client.post("/v1/extract", json={"text": RESUME}, headers=headers)
    return response.status_code, response.json()


def test_missing_key_is_401_with_a_hint(keyed: TestClient) -> None:
    status, body = _extract(keyed, {})
    assert status == 401
    assert body["error"]["code"] == "unauthorized"  # type: ignore[index]
    assert "Authorization: Bearer <key>" in body["error"]["message"]  # type: ignore[index]
    assert _extract(keyed, {"X-API-Key": KEYS[0]})[0] == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "k-one-2f9b"},
        {"Authorization": "Bearer k-one"},
        {"Authorization": "Bearer " + KEYS[0] + "x"},
        {"X-API-Key": "" + KEYS[1].upper()},
    ],
)
def test_wrong_key_is_403_and_the_next_valid_request_works(
    keyed: TestClient, headers: dict[str, str]
) -> None:
    status, body = _extract(keyed, headers)
    assert status == 403
    assert body["error"]["code"] == "forbidden"  # type: ignore[index]
    assert body["error"]["message"] == "the API key is not valid"  # type: ignore[index]
    assert _extract(keyed, {"Authorization": f"Bearer {KEYS[1]}"})[0] == 200


def test_either_header_and_every_key_is_accepted(keyed: TestClient) -> None:
    for key in KEYS:
        assert _extract(keyed, {"Authorization": f"Bearer {key}"})[0] == 200
        assert _extract(keyed, {"X-API-Key": key})[0] == 200
    assert keyed.get("/v1/model", headers={"X-API-Key": KEYS[0]}).status_code == 200
    assert keyed.get("/v1/model").status_code == 401
    batch = keyed.post("/v1/extract/batch", json={"documents": [{"text": RESUME}]})
    assert batch.status_code == 401
    upload = keyed.post("/v1/extract/file", files={"file": ("a.txt", RESUME.encode())})
    assert upload.status_code == 401


def test_health_and_ready_stay_open(keyed: TestClient) -> None:
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/ready").status_code == 200


def test_metrics_protection_is_configurable(make_client: MakeClient) -> None:
    protected = make_client(api_keys=KEYS)
    assert protected.get("/metrics").status_code == 401
    assert protected.get("/metrics", headers={"X-API-Key": KEYS[0]}).status_code == 200
    open_metrics = make_client(api_keys=KEYS, protect_metrics=False)
    assert open_metrics.get("/metrics").status_code == 200


def test_no_keys_means_no_auth(client: TestClient) -> None:
    assert _extract(client, {})[0] == 200
    assert _extract(client, {"X-API-Key": "anything"})[0] == 200


def test_key_matches_compares_every_key() -> None:
    assert key_matches("b", ["a", "b"])
    assert not key_matches("c", ["a", "b"])
    assert not key_matches("", ["a"])
    assert key_matches("ключ", ["ключ"])
