"""Each benchmarked backend over a model folder: its timed forward pass and its predict."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.evaluation.benchmarking.runner import BackendSkipped, LoadedBackend
from resume_ner.evaluation.benchmarking.synthetic import WindowBatch
from resume_ner.evaluation.benchmarking.system import bf16_support

WEIGHTS_FILE = "model.safetensors"
"""PyTorch weights of a model folder."""
ONNX_FILES: dict[str, str] = {
    "onnx": files.ONNX_MODEL_FILE,
    "onnx_int8": files.ONNX_INT8_MODEL_FILE,
    "onnx_fp16": "model.fp16.onnx",
}
"""Model file of each ONNX backend."""
TORCH_PRECISION = {"pytorch": "fp32", "pytorch_bf16": "bf16"}
"""Autocast precision of each PyTorch backend."""
ONNX_PRECISION = {"onnx": "fp32", "onnx_int8": "int8", "onnx_fp16": "fp16"}
"""Weight precision of each ONNX backend."""


class TorchWindowForward:
    """Forward passes of a PyTorch token classifier in fp32, or under bf16/fp16 autocast."""

    def __init__(self, model: Any, device: str = "cpu", precision: str = "fp32") -> None:
        """Wrap a model from ``load_model`` (already on ``device``, in eval mode)."""
        self.model = model
        self.device = device
        self.precision = precision

    def prepare(self, batch: WindowBatch) -> dict[str, Any]:
        """The batch as int64 tensors on the model's device."""
        import torch

        return {
            name: torch.as_tensor(array, dtype=torch.long).to(self.device)
            for name, array in batch.items()
        }

    def run(self, prepared: dict[str, Any]) -> None:
        """One forward pass without gradients; waits for CUDA kernels to finish."""
        import torch

        from resume_ner.training.core.runtime import autocast

        with torch.inference_mode(), autocast(self.device, self.precision):
            self.model(prepared["input_ids"], prepared["attention_mask"], prepared["shape_ids"])
        if self.device.startswith("cuda"):
            torch.cuda.synchronize(self.device)


class OnnxWindowForward:
    """Forward passes through the ONNX Runtime session of an ``OnnxPredictor``."""

    def __init__(self, runner: Any) -> None:
        """Wrap the predictor's ``runner`` (its session, input and output names)."""
        self.runner = runner

    def prepare(self, batch: WindowBatch) -> dict[str, Any]:
        """The arrays the model takes, by input name (ONNX Runtime copies them itself)."""
        missing = [name for name in self.runner.input_names if name not in batch]
        if missing:
            raise ValueError(f"the ONNX model takes inputs {missing} that the benchmark lacks")
        return {name: batch[name] for name in self.runner.input_names}

    def run(self, prepared: dict[str, Any]) -> None:
        """One ``session.run`` (synchronous: outputs are copied back before it returns)."""
        self.runner.session.run([self.runner.output_name], prepared)


@dataclass(frozen=True)
class BackendFolders:
    """The PyTorch and ONNX model folders (``None`` when absent), and the window length and
    stride of whole-document prediction."""

    torch: Path | None
    onnx: Path | None
    max_length: int
    stride: int


def _open_torch(
    name: str, folders: BackendFolders, device: str, threads: int | None
) -> LoadedBackend:
    from resume_ner.deployment.inference.torch_backend import set_threads
    from resume_ner.training.core.artifact import load_model
    from resume_ner.training.core.evaluate import predict_documents

    if folders.torch is None:
        raise BackendSkipped(
            f"no PyTorch weights ({WEIGHTS_FILE}) found for this model; benchmark the trained "
            "artifact folder to include PyTorch"
        )
    precision = TORCH_PRECISION[name]
    if precision == "bf16":
        reason = bf16_support(device)
        if reason is not None:
            raise BackendSkipped(reason)
    set_threads(threads)
    model, tokenizer, schema = load_model(folders.torch, device)
    predict: Callable[[Sequence[str]], object] = functools.partial(
        predict_documents,
        model,
        tokenizer,
        schema,
        max_length=folders.max_length,
        stride=folders.stride,
        device=device,
        precision=precision,
    )
    return LoadedBackend(
        name, TorchWindowForward(model, device, precision), predict, device, precision
    )


def _open_onnx(name: str, folders: BackendFolders, threads: int | None) -> LoadedBackend:
    from resume_ner.deployment.inference.onnx_backend import CUDA_PROVIDER, OnnxPredictor

    model_file = ONNX_FILES[name]
    if folders.onnx is None or not (folders.onnx / model_file).is_file():
        raise BackendSkipped(
            f"no {model_file} found for this model; run `resume-ner convert` first (with "
            "conversion.int8 / conversion.fp16 for the quantized files)"
        )
    try:
        predictor = OnnxPredictor(folders.onnx, model_file, threads)
    except ImportError as exc:
        raise BackendSkipped(f"ONNX Runtime cannot be imported here: {exc}") from exc
    providers = predictor.runner.session.get_providers()
    device = "cuda" if providers and providers[0] == CUDA_PROVIDER else "cpu"
    forward = OnnxWindowForward(predictor.runner)
    return LoadedBackend(name, forward, predictor.predict, device, ONNX_PRECISION[name])


def backend_opener(
    folders: BackendFolders, device: str, threads: int | None
) -> Callable[[str], LoadedBackend]:
    """A function that loads a backend by name for :func:`run_benchmark`.

    PyTorch backends load the weights with ``load_model`` (bf16 runs under autocast and is
    skipped where :func:`bf16_support` says no) and predict with the same whole-document
    path the PyTorch ``Predictor`` uses; ONNX backends load an ``OnnxPredictor`` and time
    its session directly.

    Raises (from the returned function):
        BackendSkipped: When the backend's model file is absent or it cannot run here.
        ValueError: For an unknown backend name.
    """

    def open_backend(name: str) -> LoadedBackend:
        if name in TORCH_PRECISION:
            return _open_torch(name, folders, device, threads)
        if name in ONNX_FILES:
            return _open_onnx(name, folders, threads)
        known = ", ".join([*TORCH_PRECISION, *ONNX_FILES])
        raise ValueError(f"unknown benchmark backend {name!r}; use one of {known}")

    return open_backend
