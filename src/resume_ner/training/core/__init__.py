"""Token classifier on any backbone, training loop, whole-document evaluation, span metrics."""

from resume_ner.training.core.artifact import ModelFolderError, load_model, save_model
from resume_ner.training.core.backbone import (
    BackboneError,
    check_max_length,
    load_tokenizer,
    max_positions,
    resolve_backbone,
    short_backbone_name,
)
from resume_ner.training.core.evaluate import (
    Evaluation,
    decode_document,
    predict_documents,
    predict_encoded,
    score_decoded,
)
from resume_ner.training.core.features import encode_set
from resume_ner.training.core.loop import train
from resume_ner.training.core.metrics import seqeval_scores, span_metrics, token_accuracy
from resume_ner.training.core.model import HeadSettings, build_model
from resume_ner.training.core.result import TrainResult
from resume_ner.training.core.shapes import shape_ids

__all__ = [
    "BackboneError",
    "Evaluation",
    "HeadSettings",
    "ModelFolderError",
    "TrainResult",
    "build_model",
    "check_max_length",
    "decode_document",
    "encode_set",
    "load_model",
    "load_tokenizer",
    "max_positions",
    "predict_documents",
    "predict_encoded",
    "resolve_backbone",
    "save_model",
    "score_decoded",
    "seqeval_scores",
    "shape_ids",
    "short_backbone_name",
    "span_metrics",
    "token_accuracy",
    "train",
]
