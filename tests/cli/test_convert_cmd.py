"""``resume-ner convert``: parity table, folder, reuse, --output, and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from resume_ner.cli import convert_cmd


@pytest.fixture(scope="module")
def model_folder(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight model folder on the tiny backbone."""
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(0)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    return save_model(model, tokenizer, schema, tmp_path_factory.mktemp("cli") / "model")


def _root() -> typer.Typer:
    """The command registered as the root app registers command groups."""
    root = typer.Typer()

    @root.callback()
    def _main() -> None:
        """Root."""

    root.add_typer(convert_cmd.app, name="convert")
    return root


def _convert(tmp_path: Path, *args: str) -> Result:
    base = [
        "--set", f"paths.output_root={tmp_path / 'outputs'}",
        "--set", "tracking.enabled=false",
        "--set", "conversion.parity_documents=2",
        "--set", "conversion.optimize=false",
    ]  # fmt: skip
    return CliRunner().invoke(_root(), ["convert", *args, *base])


def test_convert_prints_the_parity_table_and_folder_then_reuses(
    model_folder: Path, tmp_path: Path
) -> None:
    result = _convert(tmp_path, str(model_folder))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "parity vs PyTorch on 2 documents" in out
    rows = [line.split()[1] for line in out.splitlines() if line.startswith("│")]
    assert rows[-2:] == ["fp32", "int8"]
    assert "pass" in out and "FAIL" not in out
    [line] = [line for line in out.splitlines() if line.startswith("conversion written")]
    folder = Path(line.split(": ", 1)[1])
    assert folder.parent == tmp_path / "outputs" / "conversion" / "bert"
    assert (folder / "model.onnx").is_file() and (folder / "model.int8.onnx").is_file()
    assert (folder / "parity.json").is_file()

    again = _convert(tmp_path, str(model_folder))
    assert again.exit_code == 0, again.output
    assert f"conversion reused (conv8 {folder.name}): {folder}" in again.stdout
    forced = _convert(tmp_path, str(model_folder), "--force")
    assert f"conversion written (conv8 {folder.name}): {folder}" in forced.stdout


def test_no_int8_and_output_folder(model_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "served"
    result = _convert(tmp_path, str(model_folder), "--no-int8", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert f": {target}" in result.stdout
    assert (target / "model.onnx").is_file() and not (target / "model.int8.onnx").exists()
    rows = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│")]
    assert "fp32" in rows and "int8" not in rows


def test_parity_failure_exits_1_and_says_why(model_folder: Path, tmp_path: Path) -> None:
    strict = ("--set", "conversion.parity_atol=1e-12")
    result = _convert(tmp_path, str(model_folder), "--no-int8", *strict)
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert "fp32: max |logit diff|" in result.stdout and "exceeds 1e-12" in result.stdout
    assert "error: ONNX parity with PyTorch failed; see " in result.stderr
    assert result.stderr.strip().endswith("parity.json")


def test_bad_artifact_and_bad_config_exit_1(tmp_path: Path) -> None:
    missing = _convert(tmp_path, str(tmp_path / "absent"))
    assert missing.exit_code == 1
    assert f"error: model artifact not found: {tmp_path / 'absent'}" in missing.stderr
    bad = _convert(tmp_path, str(tmp_path), "--set", "conversion.opset=3")
    assert bad.exit_code == 1
    assert "conversion.opset" in bad.stderr
