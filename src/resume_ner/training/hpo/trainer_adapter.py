"""The real training loop as a trial trainer: per-epoch span-F1 to the reporter, stop on prune."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from pathlib import Path

from resume_ner.common.shared.safetensors import safetensors_header
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.training.core.events import STOP, Callback
from resume_ner.training.hpo.reporting import Reporter, TrialData

logger = logging.getLogger(__name__)

SCORE_METRIC = "span_f1"
"""Validation metric reported after each epoch."""


class ReportingCallback(Callback):
    """Training callback forwarding each epoch's validation span-F1 to a trial reporter.

    Returns ``"stop"`` when the reporter says the trial is pruned, so the loop ends after
    writing that epoch's checkpoint.
    """

    def __init__(self, reporter: Reporter) -> None:
        """Forward to ``reporter``."""
        self.reporter = reporter

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Report ``metrics["span_f1"]`` at ``epoch``; stop when asked to."""
        score = metrics.get(SCORE_METRIC)
        if score is None:
            return None
        return STOP if self.reporter.report(epoch, float(score)) else None


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


def train_trial(config: ResumeNerConfig, data: TrialData, reporter: Reporter) -> float:
    """Train one trial run with the project's training loop; return its best span-F1.

    Checkpoints go to ``data.output_dir`` (``best/`` and ``last/``). The reporter receives
    each epoch's validation span-F1 and may stop training (a pruned trial). Notes recorded:
    ``best_epoch``, ``tokens_per_second`` and ``param_count`` (of the saved best model).
    """
    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core.artifact import WEIGHTS_FILE
    from resume_ner.training.core.loop import train

    labels = config.data.labels
    schema = LabelSchema(tuple(labels)) if labels else LabelSchema.canonical()
    result = train(
        model_config=config.model,
        training_config=config.training,
        data_config=config.data,
        train_documents=data.train,
        validation_documents=data.validation,
        schema=schema,
        output_dir=data.output_dir,
        callbacks=[ReportingCallback(reporter)],
        device=config.platform.device,
    )
    if result.best_epoch is not None:
        reporter.note("best_epoch", result.best_epoch)
    reporter.note("tokens_per_second", round(result.tokens_per_second, 3))
    for folder in (result.best_path, result.last_path):
        if folder is not None and (Path(folder) / WEIGHTS_FILE).is_file():
            reporter.note("param_count", count_parameters(Path(folder) / WEIGHTS_FILE))
            break
    return result.best_score
