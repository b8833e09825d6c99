"""The Predictor: text to entities over PyTorch or ONNX Runtime, windowed and batched."""

from resume_ner.deployment.inference.artifact import ArtifactError, read_artifact
from resume_ner.deployment.inference.grouping import group_fields
from resume_ner.deployment.inference.loading import BackendUnavailableError, load_predictor
from resume_ner.deployment.inference.scoring import PredictorEvaluation, evaluate_predictor
from resume_ner.deployment.inference.torch_backend import TorchPredictor
from resume_ner.deployment.inference.types import Entity, ModelInfo, Predictor

__all__ = [
    "ArtifactError",
    "BackendUnavailableError",
    "Entity",
    "ModelInfo",
    "Predictor",
    "PredictorEvaluation",
    "TorchPredictor",
    "evaluate_predictor",
    "group_fields",
    "load_predictor",
    "read_artifact",
]
