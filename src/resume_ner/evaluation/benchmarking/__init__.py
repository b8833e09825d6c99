"""Latency p50/p95/p99 and throughput by backend x batch size x length, and documents/s."""

from resume_ner.evaluation.benchmarking.latency import latencies_by_backbone, read_latency
from resume_ner.evaluation.benchmarking.report import (
    BenchmarkFileError,
    build_report,
    load_report,
    render_markdown,
)
from resume_ner.evaluation.benchmarking.results import (
    BackendRun,
    BenchmarkResults,
    CellResult,
    DocumentThroughput,
)
from resume_ner.evaluation.benchmarking.runner import (
    BackendSkipped,
    DocumentSet,
    LoadedBackend,
    run_benchmark,
)
from resume_ner.evaluation.benchmarking.stage import (
    BenchmarkOutput,
    bench_documents,
    run_bench,
    run_bench_stage,
)
from resume_ner.evaluation.benchmarking.stats import (
    PERCENTILE_METHOD,
    LatencyStats,
    percentile,
    summarize,
    time_runs,
)

__all__ = [
    "PERCENTILE_METHOD",
    "BackendRun",
    "BackendSkipped",
    "BenchmarkFileError",
    "BenchmarkOutput",
    "BenchmarkResults",
    "CellResult",
    "DocumentSet",
    "DocumentThroughput",
    "LatencyStats",
    "LoadedBackend",
    "bench_documents",
    "build_report",
    "latencies_by_backbone",
    "load_report",
    "percentile",
    "read_latency",
    "render_markdown",
    "run_bench",
    "run_bench_stage",
    "run_benchmark",
    "summarize",
    "time_runs",
]
