"""Process-local service metrics, rendered in the Prometheus text exposition format."""

from __future__ import annotations

import bisect
import math
import threading
from collections import defaultdict

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
"""Content type of the Prometheus text format."""
LATENCY_BUCKETS: tuple[float, ...] = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip
"""Upper bounds (seconds) of the request latency histogram."""

_GAUGES = {
    "resume_ner_model_load_seconds": "Time to load and warm up the model.",
    "resume_ner_model_ready": "1 when the model is loaded and warmed up.",
    "resume_ner_inference_pending": "Inference calls queued or running.",
}
_Labels = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(pairs: _Labels, extra: tuple[str, str] | None = None) -> str:
    items = [*pairs, extra] if extra else list(pairs)
    if not items:
        return ""
    return "{" + ",".join(f'{key}="{_escape(value)}"' for key, value in items) + "}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class _Histogram:
    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts = [0] * len(buckets)
        self.total = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        index = bisect.bisect_left(self.buckets, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.total += 1
        self.sum += value


class ServiceMetrics:
    """Counters, a latency histogram and gauges of one service process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[_Labels, int] = defaultdict(int)
        self._errors: dict[_Labels, int] = defaultdict(int)
        self._documents: dict[_Labels, int] = defaultdict(int)
        self._latency: dict[_Labels, _Histogram] = {}
        self.model_load_seconds: float | None = None
        self.model_ready = False
        self.inference_pending = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one finished request and record its latency."""
        key = (("method", method), ("route", route), ("status", str(status)))
        with self._lock:
            self._requests[key] += 1
            hist = self._latency.setdefault((("route", route),), _Histogram(LATENCY_BUCKETS))
            hist.observe(seconds)

    def observe_error(self, code: str) -> None:
        """Count one error answered with ``code``."""
        with self._lock:
            self._errors[(("code", code),)] += 1

    def observe_documents(self, source: str, count: int = 1) -> None:
        """Count documents processed from ``source`` (text, batch, file, label_studio)."""
        with self._lock:
            self._documents[(("source", source),)] += count

    def render(self) -> str:
        """The metrics in the Prometheus text format (version 0.0.4)."""
        lines: list[str] = []
        with self._lock:
            self._counter(lines, "resume_ner_requests_total", "HTTP requests.", self._requests)
            self._histogram(lines)
            self._counter(lines, "resume_ner_errors_total", "Error responses.", self._errors)
            self._counter(
                lines, "resume_ner_documents_total", "Documents processed.", self._documents
            )
            values = (self.model_load_seconds, float(self.model_ready), self.inference_pending)
            for (name, help_text), value in zip(_GAUGES.items(), values, strict=True):
                self._gauge(lines, name, help_text, value)
        return "\n".join(lines) + "\n"

    @staticmethod
    def _counter(lines: list[str], name: str, help_text: str, values: dict[_Labels, int]) -> None:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} counter"]
        lines += [f"{name}{_labels(key)} {count}" for key, count in sorted(values.items())]

    @staticmethod
    def _gauge(lines: list[str], name: str, help_text: str, value: float | None) -> None:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        if value is not None:
            lines.append(f"{name} {_number(value)}")

    def _histogram(self, lines: list[str]) -> None:
        name = "resume_ner_request_duration_seconds"
        lines += [f"# HELP {name} Request latency.", f"# TYPE {name} histogram"]
        for key, hist in sorted(self._latency.items()):
            running = 0
            for bound, count in zip(hist.buckets, hist.counts, strict=True):
                running += count
                lines.append(f"{name}_bucket{_labels(key, ('le', _number(bound)))} {running}")
            lines.append(f"{name}_bucket{_labels(key, ('le', '+Inf'))} {hist.total}")
            lines.append(f"{name}_sum{_labels(key)} {hist.sum!r}")
            lines.append(f"{name}_count{_labels(key)} {hist.total}")
