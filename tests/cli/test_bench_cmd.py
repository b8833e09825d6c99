"""``resume-ner bench`` on a tiny artifact: prints the table, writes the report, clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_ner.cli import bench_cmd
from resume_ner.cli.app import app as root
from resume_ner.common.constants import files

runner = CliRunner()


@pytest.fixture(scope="module")
def artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch

    from resume_ner.common.shared import write_yaml
    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(0)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    folder = save_model(model, tokenizer, schema, tmp_path_factory.mktemp("cli") / "model")
    write_yaml(folder / files.RESOLVED_CONFIG_FILE, {"data": {"max_length": 64, "stride": 16}})
    return folder


def _settings(tmp_path: Path) -> list[str]:
    values = [
        f"paths.output_root={tmp_path / 'out'}",
        "tracking.enabled=false",
        "platform.device=cpu",
        "benchmark.batch_sizes=[1, 2]",
        "benchmark.sequence_lengths=[16]",
        "benchmark.warmup_runs=1",
        "benchmark.timed_runs=2",
        "benchmark.threads=1",
    ]
    return [arg for value in values for arg in ("--set", value)]


def test_bench_prints_the_table_and_writes_then_reuses_the_report(
    artifact: Path, tmp_path: Path
) -> None:
    args = [
        str(artifact),
        *_settings(tmp_path),
        "--backends",
        "pytorch, onnx_int8",
        "--documents",
        "2",
        "--data",
        "bundled:demo",
    ]
    result = runner.invoke(bench_cmd.app, args)
    assert result.exit_code == 0, result.output
    assert "| pytorch | 1 | 16 |" in result.stdout
    assert "| pytorch | 2 | 16 |" in result.stdout
    assert "## Whole documents (2 real documents, one predict call)" in result.stdout
    assert "- backend onnx_int8: no model.int8.onnx found for this model" in result.stdout
    folder = Path(result.stdout.split("benchmark written: ")[1].strip())
    assert folder.parent == tmp_path / "out" / "benchmarks"
    assert {p.name for p in folder.iterdir()} >= {
        files.BENCHMARK_FILE,
        "benchmark.md",
        "benchmark.png",
        files.METADATA_FILE,
    }
    again = runner.invoke(bench_cmd.app, args)
    assert again.exit_code == 0, again.output
    assert f"benchmark reused: {folder}" in again.stdout


def test_bench_errors_are_one_clean_line(artifact: Path, tmp_path: Path) -> None:
    missing = runner.invoke(root, ["bench", str(tmp_path / "nope"), *_settings(tmp_path)])
    assert missing.exit_code == 1
    assert f"error: model artifact not found: {tmp_path / 'nope'}" in missing.output
    assert "Traceback" not in missing.output
    bad = runner.invoke(
        bench_cmd.app, [str(artifact), *_settings(tmp_path), "--backends", "tensorrt"]
    )
    assert bad.exit_code == 1
    assert "benchmark.backends" in bad.output and "tensorrt" in bad.output
