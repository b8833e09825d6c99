"""The project's training loop as a trial trainer, and the parameter count of its model."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resume_ner.common.shared.safetensors import safetensors_header
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.tracking.callbacks import Callback, CallbackList
from resume_ner.training.hpo.trial import TrialData


def count_parameters(weights: str | os.PathLike[str]) -> int:
    """Number of parameters in a ``.safetensors`` file, read from its header only.

    Raises:
        ValueError: If the file is not a safetensors file (naming it).
    """
    header, _ = safetensors_header(weights)
    return sum(
        math.prod(entry["shape"])
        for name, entry in header.items()
        if name != "__metadata__" and isinstance(entry, dict)
    )


def train_trial(config: ResumeNerConfig, data: TrialData, callbacks: Sequence[Callback]) -> float:
    """Train one trial run with the project's training loop; return its best span-F1.

    Checkpoints go to ``data.output_dir`` (``best/`` and ``last/``). ``callbacks`` get the
    loop's events (and may stop it: a pruned trial), then the notes ``best_epoch``,
    ``tokens_per_second`` and ``param_count`` (of the saved model) as ``on_metrics(None, ...)``.
    """
    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core.artifact import WEIGHTS_FILE
    from resume_ner.training.core.loop import train

    labels = config.data.labels
    bus = CallbackList(callbacks)
    result = train(
        model_config=config.model,
        training_config=config.training,
        data_config=config.data,
        train_documents=data.train,
        validation_documents=data.validation,
        schema=LabelSchema(tuple(labels)) if labels else LabelSchema.canonical(),
        output_dir=data.output_dir,
        callbacks=[bus],
        device=config.platform.device,
    )
    notes: dict[str, Any] = {"tokens_per_second": round(result.tokens_per_second, 3)}
    if result.best_epoch is not None:
        notes["best_epoch"] = result.best_epoch
    folders = [Path(f) / WEIGHTS_FILE for f in (result.best_path, result.last_path) if f]
    weights = next((path for path in folders if path.is_file()), None)
    if weights is not None:
        notes["param_count"] = count_parameters(weights)
    bus.on_metrics(None, notes)
    return result.best_score
