"""The Label Studio ML backend routes: health, setup, predict shape, webhook counts, auth."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from api_fakes import RESUME, MakeClient, RegexPredictor
from fastapi.testclient import TestClient

from resume_ner.deployment.api.label_studio import parse_config

CONFIG = """<View>
  <Labels name="ner" toName="resume">
    <Label value="EMAIL"/><Label value="SKILLS"/><Label value="NAME"/>
  </Labels>
  <Text name="resume" value="$body"/>
</View>"""

KEY = "ls-key-4411"


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _predict(client: TestClient, body: dict[str, Any], **kw: Any) -> Any:
    return client.post("/label-studio/predict", json=body, **kw)


def test_health_and_setup_report_the_model(client: TestClient) -> None:
    health = client.get("/label-studio/health").json()
    assert health["status"] == "UP"
    assert health["model_class"] == "ResumeNER"
    assert health["model_version"] == "regex-rules@1.0"
    assert health["annotations"] == {}
    setup = client.post("/label-studio/setup", json={"project": "3.1700000000", "schema": CONFIG})
    assert setup.status_code == 200
    assert setup.json() == {"model_version": "regex-rules@1.0"}


def test_predict_regions_follow_the_config_and_the_predictor(client: TestClient) -> None:
    other = "Ann Lee knows Docker"
    tasks = [{"id": 7, "data": {"body": RESUME}}, {"id": 8, "data": {"body": other}}]
    response = _predict(client, {"tasks": tasks, "project": "1.17", "label_config": CONFIG})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 2
    for result, text in zip(results, [RESUME, other], strict=True):
        expected = [e for e in RegexPredictor()._one(text) if e.label != "PHONE"]
        regions = result["result"]
        spans = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"]) for r in regions]
        assert spans == [(e.start, e.end, [e.label]) for e in expected]
        assert all(
            r["value"]["text"] == text[r["value"]["start"] : r["value"]["end"]] for r in regions
        )
        assert {(r["from_name"], r["to_name"], r["type"]) for r in regions} == {
            ("ner", "resume", "labels")
        }
        assert len({r["id"] for r in regions}) == len(regions)
        assert result["model_version"] == "regex-rules@1.0"
        assert result["score"] == pytest.approx(min(r["score"] for r in regions))


def test_predict_defaults_and_unreadable_tasks(client: TestClient) -> None:
    tasks = [{"id": 1, "data": {"text": RESUME}}, {"id": 2, "data": {"text": "  "}}, {"id": 3}]
    results = _predict(client, {"tasks": tasks}).json()["results"]
    first = results[0]["result"]
    assert {(r["from_name"], r["to_name"]) for r in first} == {("label", "text")}
    assert "PHONE" in {r["value"]["labels"][0] for r in first}
    assert [r["result"] for r in results[1:]] == [[], []]
    assert [r["score"] for r in results[1:]] == [0.0, 0.0]


def test_predict_chunks_tasks_by_the_batch_limit(make_client: MakeClient) -> None:
    model = RegexPredictor()
    client = make_client(predictor=model, max_batch_size=2)
    model.calls.clear()
    tasks = [{"id": i, "data": {"text": RESUME}} for i in range(5)]
    results = _predict(client, {"tasks": tasks}).json()["results"]
    assert len(results) == 5 and all(r["result"] for r in results)
    assert model.calls == [2, 2, 1]


def test_webhook_counts_events_per_project_without_text(client: TestClient) -> None:
    event = {
        "action": "ANNOTATION_CREATED",
        "project": {"id": 4},
        "task": {"id": 1, "data": {"text": RESUME}},
    }
    for _ in range(2):
        assert client.post("/label-studio/webhook", json=event).status_code == 201
    response = client.post("/label-studio/webhook", json={"action": "X", "project": "9.123"})
    assert response.json() == {"project": "9", "events": 1}
    annotations = client.get("/label-studio/health").json()["annotations"]
    assert {p: a["events"] for p, a in annotations.items()} == {"4": 2, "9": 1}
    assert RESUME not in str(client.app.state.label_studio_webhooks)  # type: ignore[attr-defined]
    bad = client.post("/label-studio/webhook", content=b"not json")
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer nope"}, 403),
        (_basic("anyone", "nope"), 403),
        ({"Authorization": "Basic !!!"}, 401),
        ({"Authorization": f"Bearer {KEY}"}, 200),
        ({"X-API-Key": KEY}, 200),
        ({"Authorization": f"Token {KEY}"}, 200),
        (_basic("label-studio", KEY), 200),
    ],
)
def test_auth_is_the_api_key(make_client: MakeClient, headers: dict[str, str], status: int) -> None:
    client = make_client(api_keys=[KEY])
    for response in (
        client.get("/label-studio/health", headers=headers),
        client.post("/label-studio/setup", json={}, headers=headers),
        _predict(client, {"tasks": [{"id": 1, "data": {"text": RESUME}}]}, headers=headers),
        client.post("/label-studio/webhook", json={"project": 1}, headers=headers),
    ):
        assert response.status_code in ({200, 201} if status == 200 else {status})


def test_config_parsing_falls_back_to_defaults() -> None:
    assert parse_config(None) == parse_config("<View") == parse_config("<View/>")
    parsed = parse_config(CONFIG)
    assert (parsed.from_name, parsed.to_name, parsed.text_field) == ("ner", "resume", "body")
    assert parsed.labels == {"EMAIL", "SKILLS", "NAME"}
    assert parse_config("<View><Labels name='l' toName='t'/></View>").labels is None
