"""The bench stage on a tiny model: report files, metadata, index, MLflow, reuse, ONNX backends."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.constants.files import MLFLOW_ARTIFACTS_DIR
from resume_ner.data.datasets import generate_resumes
from resume_ner.evaluation.benchmarking import (
    latencies_by_backbone,
    load_report,
    read_latency,
    run_bench_stage,
)
from resume_ner.evaluation.benchmarking.source import resolve_source
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.metadata import MetadataIndex, read_metadata
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import make_tracker
from tracking_reads import run_summary

GRID = {(b, n) for b in (1, 2) for n in (16, 32)}


def cell_keys(report: dict[str, Any]) -> set[tuple[str, int, int]]:
    """The (backend, batch size, length) keys of a report's cells."""
    return {(c["backend"], c["batch_size"], c["seq_len"]) for c in report["cells"]}


def _layout(config: ResumeNerConfig) -> OutputLayout:
    return OutputLayout.from_config(config.paths)


def test_pytorch_benchmark_writes_report_metadata_index_and_mlflow_run(
    tiny_artifact: Path, config_factory: Callable[..., ResumeNerConfig]
) -> None:
    config = config_factory("tracking.enabled=true", "benchmark.sequence_lengths=[16, 32, 600]")
    layout = _layout(config)
    tracker = make_tracker(config.tracking, layout.root)
    documents = generate_resumes(4, seed=3)
    output = run_bench_stage(config, layout, tiny_artifact, tracker=tracker, documents=documents)

    assert not output.reused
    assert output.folder == layout.benchmark_dir(output.bench_fp)
    report = load_report(output.folder)
    assert cell_keys(report) == {("pytorch", b, n) for b, n in GRID}
    assert report["skipped_cells"] == [
        {"seq_len": 600, "reason": "longer than the model's 512 positions"}
    ]
    status = {run["backend"]: run["status"] for run in report["backends"]}
    assert status == {"pytorch": "measured", "onnx": "skipped", "onnx_int8": "skipped"}
    skipped = next(run for run in report["backends"] if run["backend"] == "onnx_int8")
    assert (
        "no model.int8.onnx found for this model; run `resume-ner convert` first"
        in skipped["reason"]
    )
    for cell in report["cells"]:
        assert cell["runs"] == 3
        assert 0 < cell["min_ms"] <= cell["p50_ms"] <= cell["p99_ms"] <= cell["max_ms"]
        assert cell["tokens_per_s"] == pytest.approx(cell["windows_per_s"] * cell["seq_len"])
    (docs,) = report["documents"]
    assert docs["documents"] == 3 and docs["windows"] >= 3 and docs["documents_per_s"] > 0
    assert report["model"]["max_length"] == 64 and report["settings"]["threads"] == 1
    assert set(report["fingerprints"]) == {
        "bench_fp",
        "hardware_fp",
        "exec_fp",
        "model_fp",
        "documents_fp",
    }
    assert "| pytorch | 2 | 32 |" in output.markdown
    assert (output.folder / "benchmark.md").read_text(encoding="utf-8") == output.markdown
    assert (output.folder / "benchmark.png").read_bytes()[:4] == b"\x89PNG"
    assert read_latency(output.folder, "pytorch", 2, 32) == report["cells"][3]["p50_ms"]

    meta = read_metadata(output.folder)
    assert meta.stage == Stage.BENCH and meta.status == StageStatus.COMPLETED
    assert meta.fingerprints["bench_fp"] == output.bench_fp
    assert set(meta.artifacts) == {"benchmark", "markdown", "plot"}
    assert meta.metrics["pytorch.b1.l16.p50_ms"] == report["cells"][0]["p50_ms"]
    (entry,) = MetadataIndex(layout.root).find_completed(Stage.BENCH, bench_fp=output.bench_fp)
    assert MetadataIndex(layout.root).run_path(entry) == output.folder
    backbone = report["model"]["backbone"]
    assert entry.backbone == backbone
    cell = {"backends": ["pytorch"], "batch_sizes": [2], "sequence_lengths": [32]}
    assert latencies_by_backbone(layout.root, config.benchmark.model_copy(update=cell)) == {
        backbone: report["cells"][3]["p50_ms"]
    }
    cell["backends"] = ["onnx"]
    assert latencies_by_backbone(layout.root, config.benchmark.model_copy(update=cell)) == {}

    assert meta.mlflow_run_id is not None
    summary = run_summary(tracker, meta.mlflow_run_id)
    assert summary.run_name == f"bench-{output.bench_fp[:8]}"
    assert summary.metrics["pytorch.b2.l32.p50_ms"] == pytest.approx(report["cells"][3]["p50_ms"])
    assert summary.params["timed_runs"] == "3"
    logged = {p.name for p in (layout.root / MLFLOW_ARTIFACTS_DIR).rglob("*") if p.is_file()}
    assert {"benchmark.json", "benchmark.md", "benchmark.png"} <= logged


def test_same_fingerprint_is_reused_unless_forced(
    tiny_artifact: Path, config_factory: Callable[..., ResumeNerConfig], fake_clock: Any
) -> None:
    config = config_factory("benchmark.backends=[pytorch]", "benchmark.documents=0")
    layout = _layout(config)
    first = run_bench_stage(config, layout, tiny_artifact, clock=fake_clock(step=0.25))
    assert {c["p50_ms"] for c in first.report["cells"]} == {250.0}
    assert first.report["documents"] == []
    again = run_bench_stage(config, layout, tiny_artifact)
    assert again.reused and again.report == first.report
    forced = run_bench_stage(config, layout, tiny_artifact, force=True, clock=fake_clock(step=0.5))
    assert not forced.reused and forced.folder == first.folder
    assert {c["p50_ms"] for c in forced.report["cells"]} == {500.0}
    timed = config_factory("benchmark.backends=[pytorch]", "benchmark.documents=1")
    first_docs = run_bench_stage(
        timed, layout, tiny_artifact, documents=generate_resumes(1, seed=1)
    )
    other_docs = run_bench_stage(
        timed, layout, tiny_artifact, documents=generate_resumes(1, seed=2)
    )
    assert not other_docs.reused and other_docs.folder != first_docs.folder
    other = config_factory(
        "benchmark.backends=[pytorch]", "benchmark.documents=0", "benchmark.timed_runs=4"
    )
    assert run_bench_stage(other, layout, tiny_artifact).folder != first.folder


def test_a_folder_without_weights_is_refused_with_its_name(
    tiny_artifact: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(tiny_artifact, tmp_path / "empty"))
    (folder / "model.safetensors").unlink()
    with pytest.raises(
        ValueError,
        match=re.escape("empty holds no model weights: expected model.safetensors or model.onnx"),
    ):
        resolve_source(folder)
    with pytest.raises(FileNotFoundError, match="model artifact not found"):
        resolve_source(tmp_path / "missing")


def test_onnx_backends_of_a_converted_model(
    tiny_artifact: Path, config_factory: Callable[..., ResumeNerConfig], tmp_path: Path
) -> None:
    try:
        from resume_ner.deployment.conversion import convert_artifact
    except ImportError as exc:  # conversion is an optional part of the deployment layer
        pytest.skip(f"ONNX conversion is not available: {exc}")
    config = config_factory(
        "benchmark.backends=[pytorch, onnx, onnx_int8]", "benchmark.sequence_lengths=[16]"
    )
    layout = _layout(config)
    trained = Path(shutil.copytree(tiny_artifact, tmp_path / "out" / "training" / "tiny" / "v1"))
    conversion = convert_artifact(
        trained, config, layout, documents=generate_resumes(2, seed=1), threads=1
    )
    assert conversion.passed, conversion.parity

    documents = generate_resumes(3, seed=2)
    from_trained = run_bench_stage(config, layout, trained, documents=documents)
    expected = {(name, b, 16) for name in ("pytorch", "onnx", "onnx_int8") for b in (1, 2)}
    assert cell_keys(from_trained.report) == expected
    assert {d["backend"] for d in from_trained.report["documents"]} == {
        "pytorch",
        "onnx",
        "onnx_int8",
    }
    precisions = {r["backend"]: r["precision"] for r in from_trained.report["backends"]}
    assert precisions == {"pytorch": "fp32", "onnx": "fp32", "onnx_int8": "int8"}
    assert from_trained.report["model"]["parents"]["conv_fp"] == conversion.fingerprint.value

    # the converted folder finds its PyTorch weights through the conversion's lineage: same model
    from_converted = run_bench_stage(config, layout, conversion.folder, documents=documents)
    assert from_converted.reused and from_converted.folder == from_trained.folder
