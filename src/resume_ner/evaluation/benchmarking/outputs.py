"""Write a benchmark's files (JSON, markdown, PNG) and flatten its numbers into metrics."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.common.shared import atomic_write_text, write_json
from resume_ner.evaluation.benchmarking.plot import write_plot
from resume_ner.evaluation.benchmarking.report import render_markdown

MARKDOWN_FILE = "benchmark.md"
"""The report as a markdown table, next to benchmark.json."""
PLOT_FILE = "benchmark.png"
"""Latency vs batch size per backend, next to benchmark.json."""
CELL_METRICS = ("mean_ms", "p50_ms", "p95_ms", "p99_ms", "windows_per_s", "tokens_per_s")
"""Cell values logged as metrics."""
DOCUMENT_METRICS = ("documents_per_s", "windows_per_s", "tokens_per_s")
"""Whole-document values logged as metrics."""


def write_outputs(report: Mapping[str, Any], folder: Path) -> dict[str, Path]:
    """Write ``benchmark.json``, ``benchmark.md`` and (with matplotlib) ``benchmark.png``.

    Returns:
        Artifact name (``benchmark``, ``markdown``, ``plot``) -> written file.
    """
    written = {
        "benchmark": write_json(folder / files.BENCHMARK_FILE, dict(report)),
        "markdown": atomic_write_text(folder / MARKDOWN_FILE, render_markdown(report)),
    }
    plot = write_plot(report, folder / PLOT_FILE)
    if plot is not None:
        written["plot"] = plot
    return written


def report_metrics(report: Mapping[str, Any]) -> dict[str, float]:
    """Flat numeric metrics of a report.

    Keys: ``<backend>.b<batch>.l<length>.<stat>`` per cell (:data:`CELL_METRICS`),
    ``<backend>.<rate>`` for whole documents (:data:`DOCUMENT_METRICS`) and
    ``<backend>.peak_rss_mb`` / ``<backend>.load_s`` per measured backend.
    """
    metrics: dict[str, float] = {}
    for cell in report["cells"]:
        prefix = f"{cell['backend']}.b{cell['batch_size']}.l{cell['seq_len']}"
        for key in CELL_METRICS:
            if cell.get(key) is not None:
                metrics[f"{prefix}.{key}"] = float(cell[key])
    for item in report.get("documents", []):
        for key in DOCUMENT_METRICS:
            if item.get(key) is not None:
                metrics[f"{item['backend']}.{key}"] = float(item[key])
    for run in report.get("backends", []):
        for key in ("peak_rss_mb", "load_s"):
            if run.get(key) is not None:
                metrics[f"{run['backend']}.{key}"] = float(run[key])
    return metrics
