"""Inference runs off the event loop: /health answers during slow requests; 429 and 504."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from api_fakes import RESUME, MakeClient, RegexPredictor


def test_health_answers_while_a_slow_prediction_runs(make_client: MakeClient) -> None:
    predictor = RegexPredictor()
    client = make_client(predictor=predictor)
    predictor.delay_s = 1.5
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(client.post, "/v1/extract", json={"text": RESUME})
        while len(predictor.calls) < 2:  # the warm-up, then this request
            time.sleep(0.01)
        start = time.perf_counter()
        health = client.get("/health")
        elapsed = time.perf_counter() - start
        assert not slow.done()
        assert slow.result().status_code == 200
    assert health.status_code == 200
    assert elapsed < 0.5


def test_full_queue_answers_429_then_recovers(make_client: MakeClient) -> None:
    predictor = RegexPredictor()
    client = make_client(predictor=predictor, max_queue=2)
    predictor.delay_s = 0.8
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client.post, "/v1/extract", json={"text": RESUME}) for _ in range(4)]
        statuses = sorted(f.result().status_code for f in futures)
        rejected = [f.result() for f in futures if f.result().status_code == 429]
    assert statuses == [200, 200, 429, 429]
    error = rejected[0].json()["error"]
    assert error["code"] == "queue_full"
    assert error["message"] == "the inference queue is full (2 requests pending); retry later"
    assert rejected[0].headers["Retry-After"] == "1"
    predictor.delay_s = 0.0
    assert client.post("/v1/extract", json={"text": RESUME}).status_code == 200


def test_slow_inference_times_out_with_504_then_recovers(make_client: MakeClient) -> None:
    predictor = RegexPredictor()
    client = make_client(predictor=predictor, request_timeout_s=0.3)
    predictor.delay_s = 1.0
    start = time.perf_counter()
    response = client.post("/v1/extract", json={"text": RESUME})
    assert time.perf_counter() - start < 0.9
    assert response.status_code == 504
    assert response.json()["error"] == {
        "code": "timeout",
        "message": "inference took longer than 0.3 s",
        "request_id": response.headers["X-Request-ID"],
    }
    predictor.delay_s = 0.0
    time.sleep(1.0)  # the abandoned call finishes and leaves the pool
    assert client.post("/v1/extract", json={"text": RESUME}).status_code == 200
    metrics = client.get("/metrics").text
    assert 'resume_ner_errors_total{code="timeout"} 1' in metrics
