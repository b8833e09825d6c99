"""The PyTorch backend: a trained artifact's token classifier behind the Predictor protocol."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from resume_ner.deployment.inference.artifact import LoadedArtifact, require_file
from resume_ner.deployment.inference.types import Entity, check_texts, entities_of
from resume_ner.training.core.artifact import WEIGHTS_FILE

logger = logging.getLogger(__name__)

BACKEND = "pytorch"
"""Name reported in :attr:`ModelInfo.backend`."""


def set_threads(threads: int | None) -> None:
    """Set torch's intra-op threads (process-wide, at least 1); ``None`` keeps the default."""
    if threads is None:
        return
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    import torch

    torch.set_num_threads(threads)


class TorchPredictor(LoadedArtifact):
    """Entities of whole documents from a trained PyTorch artifact.

    Each call cuts every text into windows of the artifact's ``max_length`` with its
    ``stride`` (nothing is truncated), batches the windows of all texts together (longest
    first, so batches pad little), runs the model under ``torch.inference_mode``, merges
    each document's windows and decodes its spans.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        threads: int | None = None,
        device: str = "auto",
        precision: str = "auto",
        batch_size: int = 32,
    ) -> None:
        """Load the model of a model folder (or a run folder holding ``best/``).

        ``threads`` sets torch's process-wide intra-op threads; ``device`` ``auto`` picks
        CUDA when available; ``precision`` ``auto`` is fp32 on CPU, bf16/fp16 on CUDA.

        Raises:
            FileNotFoundError: If ``path`` does not exist.
            ArtifactError: If the folder lacks a file (named) or holds invalid settings.
            BackboneError: If the saved ``max_length`` exceeds the model's positions.
            ValueError: For a bad device, precision, thread count or batch size.
        """
        from resume_ner.infrastructure.platform.adapters.device import resolve_device
        from resume_ner.training.core.artifact import load_model
        from resume_ner.training.core.backbone import check_max_length
        from resume_ner.training.core.runtime import resolve_precision

        super().__init__(path, BACKEND, batch_size)
        settings = self._settings
        require_file(settings.folder, WEIGHTS_FILE)
        set_threads(threads)
        self._device = resolve_device(device)
        self._precision = resolve_precision(precision, self._device)
        self._model, self._tokenizer, self._schema = load_model(settings.folder, self._device)
        check_max_length(str(settings.folder), settings.max_length, self._model.config)
        logger.debug("model folder: %s", settings.folder)
        logger.info(
            "loaded %s (%s) of %s on %s, %s, windows %d/%d",
            settings.name,
            settings.backbone,
            Path(settings.folder).name,
            self._device,
            self._precision,
            settings.max_length,
            settings.stride,
        )

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each whole document, in text order (see :func:`check_texts`)."""
        from resume_ner.training.core.evaluate import predict_documents

        documents = check_texts(texts)
        if not documents:
            return []
        predictions = predict_documents(
            self._model,
            self._tokenizer,
            self._schema,
            documents,
            max_length=self._settings.max_length,
            stride=self._settings.stride,
            batch_size=self._batch_size,
            device=self._device,
            precision=self._precision,
        )
        return [entities_of(*pair) for pair in zip(documents, predictions, strict=True)]
