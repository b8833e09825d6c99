"""Checked inputs of a training run: configs, documents, device, precision and windows."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.platform.adapters.device import resolve_device
from resume_ner.training.core.backbone import check_max_length
from resume_ner.training.core.features import EncodedSet, check_labels, encode_set
from resume_ner.training.core.runtime import resolve_precision

if TYPE_CHECKING:
    from resume_ner.data.processing.windows import Tokenizer
    from resume_ner.infrastructure.config.sections.data import DataConfig
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.infrastructure.config.sections.training import TrainingConfig


def _empty_set() -> EncodedSet:
    return EncodedSet((), (), (), ())


@dataclass(frozen=True)
class RunSetup:
    """Everything a training run needs besides the model (see :func:`prepare`)."""

    model: ModelConfig
    training: TrainingConfig
    data: DataConfig
    schema: LabelSchema
    output_dir: Path
    device: str
    precision: str
    train_documents: tuple[Document, ...]
    validation_documents: tuple[Document, ...]
    train_set: EncodedSet = field(default_factory=_empty_set)
    validation_set: EncodedSet = field(default_factory=_empty_set)
    run_key: str = ""

    def with_run_key(self, key: str) -> RunSetup:
        """A copy carrying the run key of its checkpoints."""
        return dataclasses.replace(self, run_key=key)

    def encode(self, tokenizer: Tokenizer) -> RunSetup:
        """A copy with the training and validation windows encoded by ``tokenizer``."""
        data = self.data

        def encode(documents: Sequence[Document]) -> EncodedSet:
            return encode_set(
                tokenizer,
                documents,
                self.schema,
                max_length=data.max_length,
                stride=data.stride,
                label_all_subtokens=data.label_all_subtokens,
            )

        return dataclasses.replace(
            self,
            train_set=encode(self.train_documents),
            validation_set=encode(self.validation_documents),
        )


def prepare(
    *,
    model: ModelConfig,
    training: TrainingConfig,
    data: DataConfig,
    train_documents: Sequence[Document],
    validation_documents: Sequence[Document],
    schema: LabelSchema,
    output_dir: str | os.PathLike[str],
    device: str,
) -> RunSetup:
    """Check the inputs of a run and resolve device, precision and threads.

    Raises:
        ValueError: ``"training split is empty ..."``; a label unknown to the schema (naming
            the split and document); ``max_length`` beyond the backbone's positions; an
            unavailable device or unsupported precision.
    """
    if not train_documents:
        raise ValueError(
            "training split is empty: there are no documents to train on; check data.sources "
            "and data.split.train"
        )
    check_labels(train_documents, schema, "training")
    check_labels(validation_documents, schema, "validation")
    check_max_length(model.backbone, data.max_length)
    resolved = resolve_device(device)
    precision = resolve_precision(training.precision, resolved)
    if training.num_threads:
        import torch

        torch.set_num_threads(training.num_threads)
    return RunSetup(
        model=model,
        training=training,
        data=data,
        schema=schema,
        output_dir=Path(output_dir),
        device=resolved,
        precision=precision,
        train_documents=tuple(train_documents),
        validation_documents=tuple(validation_documents),
    )
