"""The Predictor: text to entities over PyTorch or ONNX Runtime, windowed and batched."""

from resume_ner.deployment.inference.artifact import ArtifactError, ArtifactSettings, read_artifact
from resume_ner.deployment.inference.grouping import FIELD_OF_LABEL, group_fields
from resume_ner.deployment.inference.loading import (
    BACKENDS,
    BackendUnavailableError,
    choose_backend,
    load_predictor,
)
from resume_ner.deployment.inference.scoring import PredictorEvaluation, evaluate_predictor
from resume_ner.deployment.inference.torch_backend import TorchPredictor
from resume_ner.deployment.inference.types import Entity, ModelInfo, Predictor

__all__ = [
    "BACKENDS",
    "FIELD_OF_LABEL",
    "ArtifactError",
    "ArtifactSettings",
    "BackendUnavailableError",
    "Entity",
    "ModelInfo",
    "Predictor",
    "PredictorEvaluation",
    "TorchPredictor",
    "choose_backend",
    "evaluate_predictor",
    "group_fields",
    "load_predictor",
    "read_artifact",
]
