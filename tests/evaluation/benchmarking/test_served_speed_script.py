"""benchmarks/served_speed.py: layer-count variants are real int8 ONNX predictors."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def test_layer_variants_serve_int8_models_cut_to_each_layer_count(
    monkeypatch: pytest.MonkeyPatch, tiny_backbone: Path, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    script = importlib.import_module("served_speed")
    labels = ("NAME", "SKILLS")
    variants = script.layer_variants(str(tiny_backbone), [1], labels, tmp_path, 1)
    assert list(variants) == ["untrained 1-layer int8"]
    folder = tmp_path / "layers-1" / "onnx"
    assert (folder / "model.int8.onnx").is_file()
    assert '"num_hidden_layers": 1' in (folder / "config.json").read_text(encoding="utf-8")
    texts = ["Jane Doe, Python engineer", "", "data " * 300]
    predicted = variants["untrained 1-layer int8"](texts)
    assert len(predicted) == 3 and predicted[1] == []
    assert script.docs_per_second(variants["untrained 1-layer int8"], texts) > 0
