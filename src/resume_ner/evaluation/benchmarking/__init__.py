"""Latency p50/p95/p99 and throughput by backend x batch size x length, and documents/s."""

from resume_ner.evaluation.benchmarking.latency import latencies_by_backbone, read_latency
from resume_ner.evaluation.benchmarking.report import (
    BenchmarkFileError,
    load_report,
    render_markdown,
)
from resume_ner.evaluation.benchmarking.stage import (
    BenchmarkOutput,
    bench_documents,
    run_bench,
    run_bench_stage,
)

__all__ = [
    "BenchmarkFileError",
    "BenchmarkOutput",
    "bench_documents",
    "latencies_by_backbone",
    "load_report",
    "read_latency",
    "render_markdown",
    "run_bench",
    "run_bench_stage",
]
