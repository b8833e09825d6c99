"""The Predictor: text to entities over PyTorch or ONNX Runtime, windowed and batched."""

from resume_ner.deployment.inference.grouping import FIELD_OF_LABEL, group_fields
from resume_ner.deployment.inference.types import Entity, ModelInfo, Predictor

__all__ = ["FIELD_OF_LABEL", "Entity", "ModelInfo", "Predictor", "group_fields"]
