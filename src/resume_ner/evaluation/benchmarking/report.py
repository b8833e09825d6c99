"""benchmark.json: build it from results, write it with its markdown and plot, read it back."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError, atomic_write_text, read_json, write_json
from resume_ner.common.shared.markdown import markdown_table, number
from resume_ner.evaluation.benchmarking.plot import write_plot
from resume_ner.evaluation.benchmarking.results import BenchmarkResults
from resume_ner.evaluation.benchmarking.stats import PERCENTILE_METHOD

REPORT_FORMAT = "resume-ner-benchmark/1"
"""Format tag of benchmark.json."""
CELL_KEYS = ("backend", "batch_size", "seq_len", "p50_ms")
"""Keys every cell of a readable report has."""
MARKDOWN_FILE = "benchmark.md"
"""The report as a markdown table, next to benchmark.json."""
PLOT_FILE = "benchmark.png"
"""Latency vs batch size per backend, next to benchmark.json."""
CELL_METRICS = ("mean_ms", "p50_ms", "p95_ms", "p99_ms", "windows_per_s", "tokens_per_s")
"""Cell values logged as metrics."""
DOCUMENT_METRICS = ("documents_per_s", "windows_per_s", "tokens_per_s")
"""Whole-document values logged as metrics."""


class BenchmarkFileError(ValueError):
    """A benchmark.json that cannot be read; the message names the file and the problem."""


def build_report(
    results: BenchmarkResults,
    *,
    model: Mapping[str, Any],
    settings: Mapping[str, Any],
    fingerprints: Mapping[str, str],
    hardware: Mapping[str, Any],
) -> dict[str, Any]:
    """The content of benchmark.json: ``results`` with what was benchmarked, the run
    settings, the fingerprints and the hardware fingerprint's components."""
    return {
        "format": REPORT_FORMAT,
        "model": dict(model),
        "settings": dict(settings),
        "fingerprints": dict(fingerprints),
        "hardware": dict(hardware),
        "percentile_method": PERCENTILE_METHOD,
        "rss_scope": results.rss_scope,
        "backends": [run.to_dict() for run in results.backends],
        "cells": [cell.to_dict() for cell in results.cells],
        "documents": [item.to_dict() for item in results.documents],
        "skipped_cells": list(results.skipped_cells),
    }


def benchmark_file(path: str | os.PathLike[str]) -> Path:
    """``path`` itself, or ``path/benchmark.json`` when ``path`` is a benchmark folder."""
    target = Path(path)
    return target / files.BENCHMARK_FILE if target.is_dir() else target


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a benchmark.json (or the one in a benchmark folder).

    Raises:
        FileNotFoundError: If the file does not exist.
        BenchmarkFileError: If it is not valid JSON of :data:`REPORT_FORMAT`, naming the
            file and the first problem (e.g. ``cells[3]: missing 'p50_ms'``).
    """
    file_path = benchmark_file(path)
    if not file_path.is_file():
        raise FileNotFoundError(f"benchmark report not found: {file_path}")
    try:
        data = read_json(file_path)
    except FileFormatError as exc:
        raise BenchmarkFileError(str(exc)) from None
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise BenchmarkFileError(
            f"{file_path}: not a benchmark report (format {found!r}, expected {REPORT_FORMAT!r})"
        )
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise BenchmarkFileError(f"{file_path}: 'cells' must be a list")
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise BenchmarkFileError(f"{file_path}: cells[{index}] must be an object")
        for key in CELL_KEYS:
            if key not in cell:
                raise BenchmarkFileError(f"{file_path}: cells[{index}]: missing {key!r}")
    return data


_LATENCY_HEADER = (
    *("backend", "batch", "tokens", "mean ms", "p50 ms", "p95 ms", "p99 ms"),
    *("windows/s", "tokens/s"),
)
_DOCUMENT_HEADER = ("backend", "documents", "docs/s", "windows/s", "tokens/s", "peak RSS MiB")


def _rates(row: Mapping[str, Any]) -> list[str]:
    """Windows/s and tokens/s cells of a latency cell or a documents entry."""
    return [number(row.get("windows_per_s"), 1), number(row.get("tokens_per_s"), 0)]


def _latency_rows(report: Mapping[str, Any]) -> list[list[Any]]:
    stats = ("mean_ms", "p50_ms", "p95_ms", "p99_ms")
    return [
        [
            c["backend"],
            c["batch_size"],
            c["seq_len"],
            *(number(c.get(k), 2) for k in stats),
            *_rates(c),
        ]
        for c in report["cells"]
    ]


def _document_rows(report: Mapping[str, Any]) -> list[list[Any]]:
    rss = {run["backend"]: run.get("peak_rss_mb") for run in report.get("backends", [])}
    return [
        [
            d["backend"],
            d["documents"],
            number(d.get("documents_per_s"), 2),
            *_rates(d),
            number(rss.get(d["backend"]), 0),
        ]
        for d in report.get("documents", [])
    ]


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as markdown: context lines, the latency table, documents/s and skips."""
    model = report.get("model", {})
    settings = report.get("settings", {})
    hardware = report.get("hardware", {})
    bench = str(report.get("fingerprints", {}).get("bench_fp", ""))[:8]
    lines = [
        f"# Benchmark {bench}",
        "",
        f"- model: {model.get('name', '?')} ({model.get('backbone', '?')}), windows "
        f"{model.get('max_length', '?')}/{model.get('stride', '?')}",
        f"- device: {settings.get('device', '?')}, threads: {settings.get('threads') or 'all'}, "
        f"cpu: {hardware.get('cpu', '?')}, gpus: {', '.join(hardware.get('gpus', [])) or 'none'}",
        f"- runs per cell: {settings.get('warmup_runs', '?')} warm-up + "
        f"{settings.get('timed_runs', '?')} timed; percentiles: {report.get('percentile_method')}",
        "",
        "## Latency of one forward pass on synthetic windows",
        "",
        *markdown_table(_LATENCY_HEADER, _latency_rows(report)),
    ]
    if report.get("documents"):
        count = report["documents"][0]["documents"]
        lines += ["", f"## Whole documents ({count} real documents, one predict call)", ""]
        lines += markdown_table(_DOCUMENT_HEADER, _document_rows(report))
    skipped = [run for run in report.get("backends", []) if run.get("status") == "skipped"]
    skipped_cells = report.get("skipped_cells", [])
    if skipped or skipped_cells:
        lines += ["", "## Not measured", ""]
        lines += [f"- backend {run['backend']}: {run['reason']}" for run in skipped]
        lines += [f"- length {c['seq_len']}: {c['reason']}" for c in skipped_cells]
    return "\n".join(lines) + "\n"


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
