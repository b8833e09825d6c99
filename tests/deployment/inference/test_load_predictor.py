"""load_predictor: backend choice, artifact settings from the run folder, and clear errors."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.common.shared import write_json, write_yaml
from resume_ner.deployment.inference import (
    ArtifactError,
    BackendUnavailableError,
    load_predictor,
    loading,
    read_artifact,
)
from resume_ner.infrastructure.metadata import RunMetadata, write_metadata

FAKE_ONNX = "resume_ner_test_fake_onnx_backend"


class _FakeOnnxPredictor:
    """Stands in for the ONNX Runtime backend: records how it was built."""

    def __init__(self, folder: Path, model_file: str, threads: int | None) -> None:
        self.args = (folder, model_file, threads)


@pytest.fixture
def fake_onnx(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType(FAKE_ONNX)
    module.OnnxPredictor = _FakeOnnxPredictor  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, FAKE_ONNX, module)
    monkeypatch.setattr(loading, "ONNX_MODULE", FAKE_ONNX)


@pytest.fixture
def no_onnx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "ONNX_MODULE", "resume_ner_test_missing_onnx_backend")


def test_a_run_folder_with_metadata_and_resolved_config_describes_the_model(
    copy_artifact: Callable[[str], Path],
) -> None:
    best = copy_artifact("training/bert/abcd1234-ef567890/v3/best")
    run = best.parent
    write_yaml(run / "config.resolved.yaml", {"data": {"max_length": 64, "stride": 16}})
    meta = RunMetadata(stage="train", backbone="tiny-bert", run_name="train-tiny-bert-v3")
    meta.add_fingerprint("spec_fp", "a" * 64)
    meta.add_fingerprint("exec_fp", "b" * 64)
    write_metadata(run, meta)

    predictor = load_predictor(run, threads=None, device="cpu")  # the run folder finds best/

    info = predictor.info
    assert info.backend == "pytorch"
    assert (info.max_length, info.stride) == (64, 16)
    assert info.name == "train-tiny-bert-v3" and info.backbone == "tiny-bert"
    assert info.version == "v3"
    assert dict(info.fingerprints) == {"spec_fp": "a" * 64, "exec_fp": "b" * 64}
    (entities,) = predictor.predict(["Jane Doe python engineer at acme " * 20])
    assert entities


def test_window_settings_fall_back_to_the_metadata_config_snapshot(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("runs/v1")
    meta = RunMetadata(stage="train", config={"data": {"max_length": 128, "stride": 32}})
    write_metadata(folder, meta)
    settings = read_artifact(folder)
    assert (settings.max_length, settings.stride) == (128, 32)
    assert settings.name == "runs-v1" and settings.version == "v1"


def test_invalid_saved_window_settings_name_the_file(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("model")
    write_yaml(folder / "config.resolved.yaml", {"data": {"max_length": 64, "stride": 40}})
    with pytest.raises(ArtifactError) as caught:
        read_artifact(folder)
    message = str(caught.value)
    assert str(folder / "config.resolved.yaml") in message
    assert "invalid window settings" in message and "stride (40)" in message


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"model artifact not found: .*nowhere"):
        load_predictor(tmp_path / "nowhere")


def test_a_folder_without_config_is_not_a_model_artifact(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ArtifactError) as caught:
        load_predictor(tmp_path)
    assert f"{tmp_path} is not a model artifact: it has no config.json" in str(caught.value)


def test_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"\0")
    with pytest.raises(ArtifactError, match="is a file; pass the model folder instead"):
        load_predictor(path)


@pytest.mark.parametrize("missing", ["model.safetensors", "tokenizer.json", "label_schema.json"])
def test_a_missing_file_is_named(copy_artifact: Callable[[str], Path], missing: str) -> None:
    folder = copy_artifact("model")
    (folder / missing).unlink()
    with pytest.raises(ArtifactError) as caught:
        load_predictor(folder, backend="pytorch")
    assert f"model folder {folder} is not a model artifact: it has no {missing}" in str(
        caught.value
    )


def test_a_config_without_the_head_section_is_not_a_resume_ner_model(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("model")
    write_json(folder / "config.json", {"model_type": "bert"})
    with pytest.raises(ArtifactError, match="has no 'resume_ner_head' section"):
        load_predictor(folder)


def test_an_unknown_backend_lists_the_valid_ones(artifact: Path) -> None:
    with pytest.raises(ValueError) as caught:
        load_predictor(artifact, backend="tensorrt")
    assert str(caught.value) == (
        "unknown inference backend 'tensorrt'; use one of auto, pytorch, onnx, onnx_int8"
    )


@pytest.mark.usefixtures("fake_onnx")
def test_auto_prefers_int8_onnx_then_fp32_onnx_then_pytorch(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("model")
    assert load_predictor(folder, device="cpu").info.backend == "pytorch"
    (folder / "model.onnx").write_bytes(b"onnx")
    fp32: Any = load_predictor(folder, threads=2)
    assert fp32.args == (folder, "model.onnx", 2)
    (folder / "model.int8.onnx").write_bytes(b"onnx")
    int8: Any = load_predictor(folder, threads=3)
    assert int8.args == (folder, "model.int8.onnx", 3)
    explicit: Any = load_predictor(folder, backend="onnx")
    assert explicit.args == (folder, "model.onnx", None)


@pytest.mark.usefixtures("fake_onnx")
def test_an_explicit_onnx_backend_needs_its_model_file(artifact: Path) -> None:
    with pytest.raises(ArtifactError, match=r"it has no model\.int8\.onnx"):
        load_predictor(artifact, backend="onnx_int8")


@pytest.mark.usefixtures("no_onnx")
def test_without_the_onnx_backend_auto_falls_back_to_pytorch(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("model")
    (folder / "model.onnx").write_bytes(b"onnx")
    assert load_predictor(folder, device="cpu").info.backend == "pytorch"
    with pytest.raises(BackendUnavailableError, match="the ONNX backend is not available"):
        load_predictor(folder, backend="onnx")


@pytest.mark.usefixtures("no_onnx")
def test_an_onnx_only_folder_without_the_onnx_backend_is_a_clear_error(
    copy_artifact: Callable[[str], Path],
) -> None:
    folder = copy_artifact("converted")
    (folder / "model.safetensors").unlink()
    (folder / "model.int8.onnx").write_bytes(b"onnx")
    with pytest.raises(BackendUnavailableError) as caught:
        load_predictor(folder)
    message = str(caught.value)
    assert message.startswith("the ONNX backend is not available")
    assert message.endswith(f"{folder} has no model.safetensors to fall back on")
