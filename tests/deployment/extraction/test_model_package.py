"""Packing a model folder for remote workers: the chosen backend's weights, the run folder's
settings, unpacked once per content hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.deployment.extraction.model_package import pack_model

WEIGHTS = ("model.safetensors", "model.onnx", "model.onnx.data", "model.int8.onnx")


def _run_folder(root: Path) -> Path:
    """``root/run/v2/best``: a model folder whose run folder holds the window settings."""
    best = root / "run" / "v2" / "best"
    best.mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "label_schema.json", *WEIGHTS):
        (best / name).write_bytes(name.encode())
    (best.parent / "config.resolved.yaml").write_text("data: {max_length: 128}\n")
    (best.parent / "metadata.json").write_text("{}")
    (best.parent / "unrelated.txt").write_text("not shipped")
    return best


@pytest.mark.parametrize(
    ("backend", "weights"),
    [
        ("auto", {"model.int8.onnx"}),
        ("onnx", {"model.onnx", "model.onnx.data"}),
        ("pytorch", {"model.safetensors"}),
    ],
)
def test_only_the_weights_of_the_chosen_backend_travel(
    tmp_path: Path, backend: str, weights: set[str]
) -> None:
    package = pack_model(_run_folder(tmp_path / "src"), backend)
    names = {Path(name).name for name in package.files}
    assert names & set(WEIGHTS) == weights
    assert package.folder == "run/v2/best"
    assert {"run/v2/config.resolved.yaml", "run/v2/metadata.json"} <= set(package.files)
    assert "run/v2/unrelated.txt" not in package.files
    assert not any(Path(name).is_absolute() for name in package.files)


def test_unpacking_recreates_the_folder_once_per_digest(tmp_path: Path) -> None:
    source = _run_folder(tmp_path / "src")
    package = pack_model(source / "..")  # a run folder holding best/ is accepted too
    folder = package.unpack(tmp_path / "cache")
    assert folder == tmp_path / "cache" / package.digest / "run" / "v2" / "best"
    assert (folder / "model.int8.onnx").read_bytes() == b"model.int8.onnx"
    assert (folder.parent / "config.resolved.yaml").read_text() == "data: {max_length: 128}\n"
    (folder / "marker").write_text("kept")
    assert package.unpack(tmp_path / "cache") == folder  # reused, not rewritten
    assert (folder / "marker").exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [package.digest]  # no leftovers
    (source / "tokenizer.json").write_bytes(b"changed")
    assert pack_model(source).digest != package.digest
