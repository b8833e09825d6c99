"""Read one latency out of a benchmark report (what the selection stage compares)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.evaluation.benchmarking.report import (
    BenchmarkFileError,
    benchmark_file,
    load_report,
)
from resume_ner.infrastructure.metadata import MetadataIndex

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections import BenchmarkConfig

logger = logging.getLogger(__name__)


def read_latency(
    benchmark_json: str | os.PathLike[str], backend: str, batch_size: int, seq_len: int
) -> float | None:
    """The p50 latency in ms of one cell of a benchmark.json (or of the folder holding it).

    Returns ``None`` when the report has no such cell (the backend was skipped or that batch
    size / length was not configured).

    Raises:
        FileNotFoundError: If the report does not exist.
        BenchmarkFileError: If it is not a readable benchmark report.
    """
    report = load_report(benchmark_json)
    for cell in report["cells"]:
        if (cell["backend"], cell["batch_size"], cell["seq_len"]) == (backend, batch_size, seq_len):
            return float(cell["p50_ms"])
    return None


def latencies_by_backbone(
    output_root: str | os.PathLike[str], benchmark: BenchmarkConfig
) -> dict[str, float]:
    """Backbone -> p50 latency of its newest completed benchmark, in the first configured
    cell (``benchmark.backends[0]`` x ``batch_sizes[0]`` x ``sequence_lengths[0]``).

    Reads the metadata index of ``output_root``; benchmarks without that cell, or whose
    report is missing or unreadable (logged), are passed over. The selection stage takes the
    result as its ``latencies``.
    """
    cell = (benchmark.backends[0], benchmark.batch_sizes[0], benchmark.sequence_lengths[0])
    index = MetadataIndex(output_root)
    latencies: dict[str, float] = {}
    for entry in index.all():
        if entry.stage != Stage.BENCH or entry.status != StageStatus.COMPLETED:
            continue
        if entry.backbone is None or entry.backbone in latencies:
            continue
        try:
            value = read_latency(benchmark_file(index.run_path(entry)), *cell)
        except (FileNotFoundError, BenchmarkFileError) as exc:
            logger.warning("benchmark %s passed over: %s", entry.run_dir, exc)
            continue
        if value is not None:
            latencies[entry.backbone] = value
    return latencies
