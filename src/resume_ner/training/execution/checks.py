"""Checks before a variant is claimed, and scoring of the final model on held-out documents."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Splits
from resume_ner.infrastructure.config.root import ResumeNerConfig

if TYPE_CHECKING:
    from resume_ner.training.core.evaluate import Evaluation

logger = logging.getLogger(__name__)


def label_schema(config: ResumeNerConfig) -> LabelSchema:
    """The schema the model predicts: ``data.labels``, or the canonical resume labels."""
    labels = config.data.labels
    return LabelSchema(tuple(labels)) if labels else LabelSchema.canonical()


def preflight(config: ResumeNerConfig, splits: Splits, schema: LabelSchema) -> None:
    """Fail fast, before any output folder is claimed, on inputs training would reject.

    Raises:
        ValueError: ``"training split is empty ..."``.
        LabelSchemaError: A document label unknown to the schema (naming split and document).
        BackboneError: A backbone that does not exist or whose positions are fewer than
            ``data.max_length``.
    """
    from resume_ner.training.core.backbone import check_max_length, resolve_backbone
    from resume_ner.training.core.features import check_labels

    if not splits.train:
        raise ValueError(
            "training split is empty: there are no documents to train on; check data.sources "
            "and data.split.train"
        )
    for name, documents in splits.as_dict().items():
        check_labels(documents, schema, name)
    resolve_backbone(config.model.backbone)
    check_max_length(config.model.backbone, config.data.max_length)
    if config.training.refit and not splits.validation:
        logger.warning("training.refit is on but there is no validation split: no refit")


def evaluate_model(
    model_dir: Path,
    documents: Sequence[Document],
    config: ResumeNerConfig,
    device: str,
) -> Evaluation | None:
    """Evaluate a saved model on whole documents; ``None`` for no documents.

    Documents are windowed like training (``data.max_length``/``stride``), windows merged
    and decoded per whole document.
    """
    if not documents:
        return None
    from resume_ner.training.core.artifact import load_model
    from resume_ner.training.core.evaluate import predict_encoded, score_decoded
    from resume_ner.training.core.features import encode_set
    from resume_ner.training.core.runtime import resolve_precision

    model, tokenizer, schema = load_model(model_dir, device)
    data = config.data
    encoded = encode_set(
        tokenizer,
        documents,
        schema,
        max_length=data.max_length,
        stride=data.stride,
        label_all_subtokens=data.label_all_subtokens,
    )
    decoded = predict_encoded(
        model,
        encoded,
        schema,
        batch_size=config.training.eval_batch_size,
        device=device,
        precision=resolve_precision(config.training.precision, device),
        pad_token_id=int(tokenizer.pad_token_id or 0),
    )
    return score_decoded(encoded, decoded, schema)


def per_label_scores(evaluation: Evaluation | None) -> dict[str, dict[str, float]]:
    """Label -> strict span ``precision``, ``recall``, ``f1`` and ``support`` (gold spans)."""
    if evaluation is None:
        return {}
    return {
        label: {
            "precision": score.precision,
            "recall": score.recall,
            "f1": score.f1,
            "support": score.gold,
        }
        for label, score in sorted(evaluation.spans.per_label.items())
    }
