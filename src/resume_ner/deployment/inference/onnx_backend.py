"""The ONNX Runtime backend: an exported model folder behind the Predictor protocol."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import files
from resume_ner.deployment.inference.artifact import ArtifactError, LoadedArtifact, require_file
from resume_ner.deployment.inference.types import Entity, check_texts, entities_of

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime as ort

    from resume_ner.training.core.features import Features

logger = logging.getLogger(__name__)

BACKEND_OF_FILE: dict[str, str] = {
    files.ONNX_MODEL_FILE: "onnx",
    files.ONNX_INT8_MODEL_FILE: "onnx_int8",
    "model.fp16.onnx": "onnx_fp16",
}
"""Name reported in :attr:`ModelInfo.backend` for each model file (others report ``onnx``)."""
CUDA_PROVIDER = "CUDAExecutionProvider"
CPU_PROVIDER = "CPUExecutionProvider"


class OnnxModelError(ArtifactError):
    """A model file is missing or is not a loadable ONNX model; the message names the file."""


def execution_providers() -> list[str]:
    """CUDA then CPU when ONNX Runtime offers CUDA here, else CPU alone."""
    import onnxruntime as ort

    if CUDA_PROVIDER in ort.get_available_providers():
        return [CUDA_PROVIDER, CPU_PROVIDER]
    return [CPU_PROVIDER]


def open_session(
    path: str | os.PathLike[str], threads: int | None = None, providers: Sequence[str] | None = None
) -> ort.InferenceSession:
    """An ONNX Runtime session over ``path`` with all graph optimisations on.

    ``threads`` ``None`` uses every core; ``providers`` default to CUDA when available.

    Raises:
        OnnxModelError: ``"<file> is not a valid ONNX model: <reason>"`` (or the file is missing).
        ValueError: If ``threads`` is below 1.
    """
    import onnxruntime as ort

    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    file = Path(path)
    if not file.is_file():
        raise OnnxModelError(f"ONNX model file not found: {file}")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads or 0
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        return ort.InferenceSession(
            str(file), options, providers=list(providers or execution_providers())
        )
    except Exception as exc:  # ORT raises its own pybind error types for every bad model
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OnnxModelError(f"{file} is not a valid ONNX model: {reason}") from None


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities over the last axis, computed in float32 like the PyTorch backend."""
    import numpy as np

    values = logits.astype(np.float32, copy=False)
    shifted = values - values.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


class OnnxRunner:
    """Runs windows through an ONNX session: batched across documents, longest first."""

    def __init__(self, session: ort.InferenceSession, pad_token_id: int = 0) -> None:
        """Wrap an open session; its inputs decide whether shape ids are fed."""
        self.session = session
        self.pad_token_id = pad_token_id
        self.input_names = tuple(item.name for item in session.get_inputs())
        self.output_name = str(session.get_outputs()[0].name)

    def logits(self, features: Sequence[Features], batch_size: int = 32) -> list[np.ndarray]:
        """Per window, its ``length x num_tags`` float32 logits (padding cut off)."""
        import numpy as np

        from resume_ner.training.core.shapes import PAD_SHAPE_ID

        order = sorted(range(len(features)), key=lambda i: -len(features[i]))
        rows: list[Any] = [None] * len(features)
        pads = {"input_ids": self.pad_token_id, "attention_mask": 0, "shape_ids": PAD_SHAPE_ID}
        for first in range(0, len(order), batch_size):
            chosen = order[first : first + batch_size]
            longest = len(features[chosen[0]])
            feed = {}
            for name in self.input_names:
                if name not in pads:
                    raise OnnxModelError(f"the ONNX model takes an unknown input {name!r}")
                batch = np.full((len(chosen), longest), pads[name], dtype=np.int64)
                for row, index in enumerate(chosen):
                    values = getattr(features[index], name)
                    batch[row, : len(values)] = values
                feed[name] = batch
            output = self.session.run([self.output_name], feed)[0]
            for row, index in enumerate(chosen):
                rows[index] = np.asarray(output[row, : len(features[index])], dtype=np.float32)
        return rows


class OnnxPredictor(LoadedArtifact):
    """Entities of whole documents from an exported model folder, on ONNX Runtime.

    The folder holds the ``.onnx`` file with the tokenizer, ``config.json`` and
    ``label_schema.json`` (as ``resume-ner convert`` writes it). Windows, merging and
    BIO decoding are the PyTorch backend's; only the forward pass differs.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        model_file: str = files.ONNX_MODEL_FILE,
        threads: int | None = None,
        *,
        batch_size: int = 32,
        providers: Sequence[str] | None = None,
    ) -> None:
        """Open ``model_file`` of a model folder (or of a run folder's ``best/``).

        ``threads`` ``None`` uses every core; ``providers`` default to CUDA when available.

        Raises:
            FileNotFoundError: If the folder does not exist.
            ArtifactError: If the tokenizer, label schema or config is missing (named).
            OnnxModelError: If the model file is missing or not a valid ONNX model.
            ValueError: For a thread count or batch size below 1, or windows longer than
                the model's positions.
        """
        from resume_ner.deployment.inference.rust_tokenizer import RustTokenizer
        from resume_ner.training.core.artifact import CONFIG_FILE, check_prior, read_head
        from resume_ner.training.core.backbone import check_max_length

        super().__init__(folder, BACKEND_OF_FILE.get(model_file, "onnx"), batch_size)
        settings = self._settings
        try:
            model_path = require_file(settings.folder, model_file)
        except ArtifactError as exc:
            raise OnnxModelError(str(exc)) from None
        config, head = read_head(settings.folder)
        check_prior(head, settings.schema.num_tags, settings.folder / CONFIG_FILE)
        check_max_length(str(settings.folder), settings.max_length, SimpleNamespace(**config))
        self._constrained = head.crf_like_decoding
        self._propagate = head.propagate_labels
        self._transitions = head.decoding_transitions()
        self._tokenizer = RustTokenizer(settings.folder)
        session = open_session(model_path, threads, providers)
        self.runner = OnnxRunner(session, int(self._tokenizer.pad_token_id or 0))
        logger.info(
            "loaded %s (%s) of %s on %s, windows %d/%d",
            model_path.name,
            settings.backbone,
            Path(settings.folder).name,
            ", ".join(session.get_providers()),
            settings.max_length,
            settings.stride,
        )
        logger.debug("model folder: %s", settings.folder)

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each whole document, in text order (see :func:`check_texts`)."""
        from resume_ner.data.loaders.document import Document
        from resume_ner.training.core.evaluate import decode_encoded
        from resume_ner.training.core.features import encode_set

        items = check_texts(texts)
        if not items:
            return []
        schema = self._settings.schema
        documents = [Document(str(i), text) for i, text in enumerate(items)]
        encoded = encode_set(
            self._tokenizer,
            documents,
            schema,
            max_length=self._settings.max_length,
            stride=self._settings.stride,
        )
        rows = [log_softmax(row) for row in self.runner.logits(encoded.features, self._batch_size)]
        decoded = decode_encoded(
            encoded,
            rows,
            schema,
            self._constrained,
            propagate=self._propagate,
            transitions=self._transitions,
        )
        return [
            entities_of(text, document.spans) for text, document in zip(items, decoded, strict=True)
        ]
