"""ONNX export: graph inputs follow the head, dynamic axes, logits equal to PyTorch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from resume_ner.deployment.conversion import ConversionError, export_onnx, input_names
from resume_ner.deployment.conversion.graphs import optimize_graph, quantize_int8


def _run(path: Path, feed: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    output: np.ndarray = session.run(None, feed)[0]
    return output


def _feed(names: tuple[str, ...], batch: int, length: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    feed = {
        "input_ids": rng.integers(5, 60, (batch, length)),
        "attention_mask": np.ones((batch, length), dtype=np.int64),
        "shape_ids": rng.integers(1, 8, (batch, length)),
    }
    feed["attention_mask"][-1, length // 2 :] = 0
    return {name: feed[name].astype(np.int64) for name in names}


def _torch_logits(model: Any, feed: dict[str, np.ndarray]) -> np.ndarray:
    import torch

    with torch.inference_mode():
        tensors = [torch.from_numpy(feed[name]) for name in feed]
        output: np.ndarray = model(*tensors).numpy()
        return output


@pytest.mark.parametrize(("fixture", "expected"), [
    ("tiny_model", ("input_ids", "attention_mask", "shape_ids")),
    ("plain_model", ("input_ids", "attention_mask")),
])  # fmt: skip
def test_shape_ids_is_an_input_exactly_when_the_head_uses_it(
    fixture: str, expected: tuple[str, ...], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    import onnxruntime as ort

    from resume_ner.training.core import load_model

    model, _, _ = load_model(request.getfixturevalue(fixture))
    assert input_names(model) == expected
    path = export_onnx(model, tmp_path / "model.onnx", opset=17)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert tuple(i.name for i in session.get_inputs()) == expected
    assert [o.name for o in session.get_outputs()] == ["logits"]
    assert not list(tmp_path.glob("*.data")), "weights must live inside the one .onnx file"


def test_export_has_dynamic_batch_and_length_and_matches_pytorch(
    tiny_model: Path, tmp_path: Path
) -> None:
    from resume_ner.training.core import load_model

    model, _, _ = load_model(tiny_model)
    reference_model, _, _ = load_model(tiny_model)
    path = export_onnx(model, tmp_path / "model.onnx", opset=17)
    assert not model.training
    for batch, length in ((1, 7), (3, 41)):
        feed = _feed(input_names(model), batch, length)
        got = _run(path, feed)
        assert got.shape == (batch, length, 23)
        real = feed["attention_mask"].astype(bool)
        np.testing.assert_allclose(got[real], _torch_logits(reference_model, feed)[real], atol=1e-5)


def test_fused_and_int8_graphs_keep_the_interface(tiny_model: Path, tmp_path: Path) -> None:
    from resume_ner.training.core import load_model
    from resume_ner.training.core.artifact import read_head

    model, _, _ = load_model(tiny_model)
    raw = export_onnx(model, tmp_path / "model.onnx", opset=17)
    fused = optimize_graph(raw, tmp_path / "fused.onnx", read_head(tiny_model)[0])
    assert fused.get("Attention") == 2  # both layers of the tiny encoder fused
    quantize_int8(raw, tmp_path / "int8.onnx")
    feed = _feed(input_names(model), 2, 19)
    expected = _run(raw, feed)
    np.testing.assert_allclose(_run(tmp_path / "fused.onnx", feed), expected, atol=1e-4)
    assert _run(tmp_path / "int8.onnx", feed).shape == expected.shape


def test_per_channel_int8_stays_closer_to_fp32(tiny_model: Path, tmp_path: Path) -> None:
    from resume_ner.training.core import load_model

    model, _, _ = load_model(tiny_model)
    raw = export_onnx(model, tmp_path / "model.onnx", opset=17)
    feed = _feed(input_names(model), 4, 33)
    expected = _run(raw, feed)
    errors = {}
    for per_channel in (True, False):
        target = tmp_path / f"int8-{per_channel}.onnx"
        quantize_int8(raw, target, per_channel=per_channel)
        errors[per_channel] = float(np.abs(_run(target, feed) - expected).mean())
    assert errors[True] < errors[False]


def test_export_failure_names_the_file(tiny_model: Path, tmp_path: Path) -> None:
    from resume_ner.training.core import load_model

    model, _, _ = load_model(tiny_model)
    target = tmp_path / "missing-folder" / "model.onnx"
    with pytest.raises(ConversionError, match=r"ONNX export to .*missing-folder/model.onnx failed"):
        export_onnx(model, target, opset=17)
