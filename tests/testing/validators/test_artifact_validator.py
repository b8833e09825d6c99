"""The artifact validator on a real saved model folder, then on each way it can be broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.infrastructure.metadata import RunMetadata, write_metadata
from resume_ner.testing.checks import CheckResult, CheckStatus
from resume_ner.testing.validators.artifact import validate_artifact
from resume_ner.testing.validators.files import parity_verdict


@pytest.fixture(scope="module")
def saved_model(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder written by the training layer's save_model."""
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema(("NAME", "EMAIL"))
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    return save_model(model, tokenizer, schema, tmp_path_factory.mktemp("artifact") / "model")


def _onnx_bytes() -> bytes:
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [x], [y])
    return bytes(onnx.helper.make_model(graph).SerializeToString())


@pytest.fixture
def run_dir(saved_model: Path, tmp_path: Path) -> Path:
    """A completed run folder holding a copy of the model in ``model/``."""
    run = tmp_path / "run"
    shutil.copytree(saved_model, run / "model")
    meta = RunMetadata(stage=Stage.TRAIN, status=StageStatus.COMPLETED)
    write_metadata(run, meta)
    return run


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    named = {result.name: result for result in results}
    assert len(named) == len(results), [r.name for r in results]
    return named


def test_a_saved_model_passes_every_check(run_dir: Path) -> None:
    results = _by_name(validate_artifact(run_dir))
    assert set(results) == {
        "artifact.metadata",
        "artifact.weights",
        "artifact.tokenizer",
        "artifact.label_schema",
        "artifact.config",
    }
    assert {r.status for r in results.values()} == {CheckStatus.PASS}
    assert results["artifact.metadata"].message == (
        f"{run_dir / 'metadata.json'}: train run, status completed"
    )
    assert results["artifact.config"].message.endswith("id2label matches the label schema")
    # the model folder itself is an artifact too; its metadata sits in the parent
    inner = _by_name(validate_artifact(run_dir / "model"))
    assert inner["artifact.metadata"].status is CheckStatus.PASS


def test_onnx_needs_a_passing_parity_proof(run_dir: Path) -> None:
    model = run_dir / "model"
    (model / "model.onnx").write_bytes(_onnx_bytes())
    missing = _by_name(validate_artifact(run_dir))["artifact.parity"]
    assert missing.status is CheckStatus.FAIL
    assert missing.message == (
        f"{model} holds an ONNX model but no parity.json: the conversion was not proven equal "
        "to PyTorch (run resume-ner convert)"
    )
    (model / "parity.json").write_text(json.dumps({"passed": True, "max_abs_diff": 1e-6}))
    results = _by_name(validate_artifact(run_dir))
    assert results["artifact.parity"].status is CheckStatus.PASS
    assert results["artifact.onnx"].status is CheckStatus.PASS
    failing = {"fp32": {"passed": True}, "int8": {"passed": False, "f1_delta": 0.02}}
    (model / "parity.json").write_text(json.dumps(failing))
    result = _by_name(validate_artifact(run_dir))["artifact.parity"]
    assert result.status is CheckStatus.FAIL
    assert result.message == f"{model / 'parity.json'}: parity failed (int8)"
    real_shape = {
        "passed": False,
        "reference": "pytorch fp32",
        "variants": {
            "fp32": {"passed": True, "failures": []},
            "int8": {"passed": False, "failures": ["span-F1 delta 0.02 > 0.005"]},
        },
    }
    (model / "parity.json").write_text(json.dumps(real_shape))
    result = _by_name(validate_artifact(run_dir))["artifact.parity"]
    assert result.message == (
        f"{model / 'parity.json'}: parity failed (int8: span-F1 delta 0.02 > 0.005)"
    )
    (model / "parity.json").write_text(json.dumps({"max_abs_diff": 1e-6}))
    result = _by_name(validate_artifact(run_dir))["artifact.parity"]
    assert result.message == f"{model / 'parity.json'}: states no verdict (no 'passed' field)"
    (model / "parity.json").write_text("{\n  oops")
    result = _by_name(validate_artifact(run_dir))["artifact.parity"]
    assert result.status is CheckStatus.FAIL
    assert result.message.startswith(f"{model / 'parity.json'}:2:")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"not an onnx model", "does not start like an ONNX model (first byte 0x6e)"),
    ],
)
def test_a_corrupt_onnx_file_fails(run_dir: Path, content: bytes, problem: str) -> None:
    path = run_dir / "model" / "model.int8.onnx"
    path.write_bytes(content)
    result = _by_name(validate_artifact(run_dir))["artifact.onnx"]
    assert result.status is CheckStatus.FAIL
    assert result.message == f"{path}: {problem}"


def test_truncated_or_foreign_weights_fail(run_dir: Path) -> None:
    weights = run_dir / "model" / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[:-10])
    result = _by_name(validate_artifact(run_dir))["artifact.weights"]
    assert result.status is CheckStatus.FAIL
    assert result.message == (
        f"{weights}: truncated (tensors end at byte {len(data)}, file has {len(data) - 10})"
    )
    weights.write_bytes(b"\xff" * 64)
    message = _by_name(validate_artifact(run_dir))["artifact.weights"].message
    assert message.startswith(f"{weights}: header length ")
    weights.write_bytes((5).to_bytes(8, "little") + b"[1,2]")
    message = _by_name(validate_artifact(run_dir))["artifact.weights"].message
    assert message == f"{weights}: the header is not a JSON object: not a safetensors file"


def test_label_schema_problems_fail(run_dir: Path) -> None:
    model = run_dir / "model"
    config = json.loads((model / "config.json").read_text())
    config["id2label"]["1"] = "B-PHONE"
    (model / "config.json").write_text(json.dumps(config))
    result = _by_name(validate_artifact(run_dir))["artifact.config"]
    assert result.status is CheckStatus.FAIL
    assert result.message == (
        f"{model / 'config.json'}: id2label does not match label_schema.json (5 vs 5 tags; id 1: "
        "'B-PHONE' vs 'B-NAME'): the folder was edited or mixed"
    )
    (model / "label_schema.json").unlink()
    results = _by_name(validate_artifact(run_dir))
    assert results["artifact.label_schema"].message == f"{model} has no label_schema.json"
    assert results["artifact.config"].status is CheckStatus.WARN


def test_missing_tokenizer_and_config_fail(run_dir: Path) -> None:
    model = run_dir / "model"
    (model / "tokenizer.json").unlink()
    (model / "config.json").unlink()
    results = _by_name(validate_artifact(run_dir))
    assert results["artifact.tokenizer"].message == f"{model} has no tokenizer.json or vocab.txt"
    assert results["artifact.config"].message == f"{model} has no config.json"
    assert results["artifact.config"].status is CheckStatus.FAIL


def test_metadata_problems(run_dir: Path) -> None:
    write_metadata(run_dir, RunMetadata(stage=Stage.TRAIN, status=StageStatus.RUNNING))
    result = _by_name(validate_artifact(run_dir))["artifact.metadata"]
    assert result.status is CheckStatus.WARN
    assert result.message.endswith("train run, status running (not completed)")
    (run_dir / "metadata.json").write_text('{"stage": "train", "bogus": 1}')
    result = _by_name(validate_artifact(run_dir))["artifact.metadata"]
    assert result.status is CheckStatus.FAIL
    assert "field 'bogus': Extra inputs are not permitted" in result.message
    (run_dir / "metadata.json").unlink()
    result = _by_name(validate_artifact(run_dir))["artifact.metadata"]
    assert result.status is CheckStatus.WARN
    assert result.message.startswith(f"no metadata.json in {run_dir} or its parent")


def test_folders_without_a_model(tmp_path: Path) -> None:
    assert [r.message for r in validate_artifact(tmp_path / "nope")] == [
        f"artifact {tmp_path / 'nope'} does not exist"
    ]
    (tmp_path / "file").write_text("x")
    assert (
        validate_artifact(tmp_path / "file")[0].message
        == f"artifact {tmp_path / 'file'} is not a folder"
    )
    (tmp_path / "empty").mkdir()
    results = validate_artifact(tmp_path / "empty")
    assert results[-1].status is CheckStatus.FAIL
    assert results[-1].message == (
        f"no model file (model.safetensors, model.onnx, model.int8.onnx) in {tmp_path / 'empty'} "
        "or below"
    )


@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        ({"passed": True}, (True, [])),
        ({"passed": False, "fp32": {"passed": True}}, (False, [])),
        ({"fp32": {"passed": True}, "int8": {"passed": True}}, (True, [])),
        ({"fp32": {"passed": False}, "int8": {"passed": False}}, (False, ["fp32", "int8"])),
        ({"variants": {"fp32": {"passed": True}, "int8": {"passed": False}}}, (False, ["int8"])),
        ({"passed": False, "variants": {"int8": {"passed": False}}}, (False, ["int8"])),
        ({"max_abs_diff": 0.0}, (None, [])),
        ([1, 2], (None, [])),
    ],
)
def test_parity_verdict(report: object, verdict: tuple[bool | None, list[str]]) -> None:
    assert parity_verdict(report) == verdict
