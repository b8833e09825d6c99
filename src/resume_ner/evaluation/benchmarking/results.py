"""What a benchmark measured: latency cells, whole-document throughput and per-backend facts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from resume_ner.evaluation.benchmarking.stats import LatencyStats

BackendStatus = Literal["measured", "skipped"]


def _rate(count: float, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


@dataclass(frozen=True)
class CellResult:
    """Latency of one backend on ``batch_size`` windows of ``seq_len`` tokens (special tokens
    included); ``stats`` count windows as items."""

    backend: str
    batch_size: int
    seq_len: int
    stats: LatencyStats

    @property
    def tokens_per_s(self) -> float | None:
        """Tokens per second: windows per second times the window length."""
        rate = self.stats.throughput
        return None if rate is None else rate * self.seq_len

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON form: the cell's key, its latencies in ms, windows/s and tokens/s."""
        stats = self.stats
        return {
            "backend": self.backend,
            "batch_size": self.batch_size,
            "seq_len": self.seq_len,
            "runs": stats.runs,
            "mean_ms": stats.mean_ms,
            "p50_ms": stats.p50_ms,
            "p95_ms": stats.p95_ms,
            "p99_ms": stats.p99_ms,
            "min_ms": stats.min_ms,
            "max_ms": stats.max_ms,
            "windows_per_s": stats.throughput,
            "tokens_per_s": self.tokens_per_s,
        }


@dataclass(frozen=True)
class DocumentThroughput:
    """Whole documents through a backend's ``predict`` (windowing and decoding included):
    wall ``seconds`` of the timed call, and the windows and tokens (overlaps counted in each
    window) those documents make."""

    backend: str
    documents: int
    seconds: float
    windows: int
    tokens: int

    @property
    def documents_per_s(self) -> float | None:
        """Documents per second."""
        return _rate(self.documents, self.seconds)

    @property
    def windows_per_s(self) -> float | None:
        """Windows per second."""
        return _rate(self.windows, self.seconds)

    @property
    def tokens_per_s(self) -> float | None:
        """Tokens per second."""
        return _rate(self.tokens, self.seconds)

    def to_dict(self) -> dict[str, Any]:
        """JSON form with the rates."""
        rates = ("documents_per_s", "windows_per_s", "tokens_per_s")
        return {**asdict(self), **{name: getattr(self, name) for name in rates}}


@dataclass(frozen=True)
class BackendRun:
    """How one requested backend fared: ``measured``, or ``skipped`` with the ``reason``.

    ``peak_rss_mb`` is the peak resident memory of the whole process while this backend was
    loaded and measured (see ``rss_scope``; memory the allocator kept from earlier backends
    counts too).
    """

    backend: str
    status: BackendStatus
    reason: str | None = None
    device: str | None = None
    precision: str | None = None
    load_s: float | None = None
    peak_rss_mb: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class BenchmarkResults:
    """Everything one benchmark run measured, backends in the requested order.

    ``rss_scope`` is ``per_backend`` when the peak-RSS counter was reset before each backend,
    ``process`` when each value is the process peak so far.
    """

    backends: list[BackendRun]
    cells: list[CellResult]
    documents: list[DocumentThroughput] = field(default_factory=list)
    skipped_cells: list[dict[str, Any]] = field(default_factory=list)
    rss_scope: Literal["per_backend", "process"] = "per_backend"
