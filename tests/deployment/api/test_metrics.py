"""The hand-written Prometheus exposition parses and adds up."""

from __future__ import annotations

import re

from resume_ner.deployment.api.metrics import LATENCY_BUCKETS, ServiceMetrics

_SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? (\+Inf|-?[0-9.e+-]+)$')


def test_every_line_is_a_comment_or_a_valid_sample() -> None:
    metrics = ServiceMetrics()
    metrics.observe_request("POST", "/v1/extract", 200, 0.03)
    metrics.observe_request("POST", "/v1/extract", 200, 7.0)
    metrics.observe_request("GET", 'odd"route\\', 404, 100.0)
    metrics.observe_error("not_found")
    metrics.observe_documents("batch", 5)
    metrics.model_load_seconds = 1.25
    text = metrics.render()
    for line in text.strip().splitlines():
        assert line.startswith("# HELP ") or line.startswith("# TYPE ") or _SAMPLE.match(line), line
    assert 'route="odd\\"route\\\\"' in text
    assert "resume_ner_model_load_seconds 1.25" in text
    assert 'resume_ner_documents_total{source="batch"} 5' in text


def test_histogram_buckets_are_cumulative() -> None:
    metrics = ServiceMetrics()
    for seconds in (0.001, 0.03, 0.03, 0.7, 100.0):
        metrics.observe_request("POST", "/v1/extract", 200, seconds)
    text = metrics.render()
    counts = [
        int(m.group(2))
        for m in re.finditer(r'_bucket\{route="/v1/extract",le="([^"]+)"\} (\d+)', text)
    ]
    assert len(counts) == len(LATENCY_BUCKETS) + 1
    assert counts == sorted(counts)
    assert counts[0] == 1 and counts[-1] == 5
    assert 'le="0.05"} 3' in text and 'le="1"} 4' in text and 'le="30"} 4' in text
    assert 'resume_ner_request_duration_seconds_sum{route="/v1/extract"} 100.761' in text
