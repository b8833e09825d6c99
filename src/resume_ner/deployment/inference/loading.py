"""Pick and load the inference backend of an artifact: ONNX int8, ONNX fp32 or PyTorch."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Any, cast

from resume_ner.common.constants import files
from resume_ner.deployment.inference.artifact import ArtifactError, model_folder, require_file
from resume_ner.deployment.inference.types import Predictor
from resume_ner.training.core.artifact import WEIGHTS_FILE

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "pytorch", "onnx", "onnx_int8")
"""Accepted backend names; ``auto`` prefers int8 ONNX, then ONNX, then PyTorch."""
ONNX_MODULE = "resume_ner.deployment.inference.onnx_backend"
"""Module of the ONNX Runtime backend (class ``OnnxPredictor(folder, model_file, threads)``)."""

_ONNX_FILES = {"onnx_int8": files.ONNX_INT8_MODEL_FILE, "onnx": files.ONNX_MODEL_FILE}


class BackendUnavailableError(ArtifactError):
    """The requested backend cannot run here (its module or runtime is missing)."""


def _onnx_class() -> Any:
    """The ``OnnxPredictor`` class, or ``BackendUnavailableError`` when it cannot be imported."""
    try:
        module = importlib.import_module(ONNX_MODULE)
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the ONNX backend is not available ({exc}); install onnxruntime or use the "
            "pytorch backend"
        ) from exc
    predictor_class = getattr(module, "OnnxPredictor", None)
    if predictor_class is None:
        raise BackendUnavailableError(f"the ONNX backend {ONNX_MODULE} has no OnnxPredictor")
    return predictor_class


def choose_backend(folder: Path, backend: str = "auto") -> str:
    """The concrete backend for a model folder: ``auto`` becomes the fastest one present."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown inference backend {backend!r}; use one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    for name, model_file in _ONNX_FILES.items():
        if (folder / model_file).is_file():
            return name
    return "pytorch"


def load_predictor(
    path: str | os.PathLike[str],
    backend: str = "auto",
    threads: int | None = None,
    *,
    device: str = "auto",
) -> Predictor:
    """Load a trained or converted artifact behind the :class:`Predictor` protocol.

    ``auto`` picks ONNX int8 when ``model.int8.onnx`` exists, else ONNX fp32 when
    ``model.onnx`` exists, else PyTorch; when ONNX Runtime is unavailable it falls back to
    PyTorch (with a warning) if the folder has PyTorch weights.

    ``path`` is a model folder or a run folder holding ``best/``; ``threads`` ``None`` keeps
    the backend's default; ``device`` is the PyTorch backend's; ``info.backend`` names the
    backend chosen.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ArtifactError: If the folder is not a model artifact (naming the missing file).
        BackendUnavailableError: If an ONNX backend was asked for but cannot run here.
        ValueError: For an unknown backend name (listing the valid ones).
    """
    folder = model_folder(path)
    chosen = choose_backend(folder, backend)
    if chosen == "pytorch":
        return _torch(folder, threads, device)
    model_file = _ONNX_FILES[chosen]
    try:
        predictor_class = _onnx_class()
    except BackendUnavailableError as exc:
        if backend != "auto":
            raise
        if not (folder / WEIGHTS_FILE).is_file():
            raise BackendUnavailableError(
                f"{exc}; {folder} has no {WEIGHTS_FILE} to fall back on"
            ) from exc
        logger.warning("%s; using the PyTorch weights of %s instead", exc, folder)
        return _torch(folder, threads, device)
    require_file(folder, model_file)
    return cast(Predictor, predictor_class(folder, model_file, threads))


def _torch(folder: Path, threads: int | None, device: str) -> Predictor:
    from resume_ner.deployment.inference.torch_backend import TorchPredictor

    return TorchPredictor(folder, threads=threads, device=device)
