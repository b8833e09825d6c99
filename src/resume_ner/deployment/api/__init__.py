"""The FastAPI service for text, PDF and DOCX resumes: routes, schemas, limits, auth, errors."""

from resume_ner.deployment.api.app import create_app
from resume_ner.deployment.api.errors import ApiError
from resume_ner.deployment.api.model_state import (
    ModelLoadError,
    PredictorFactory,
    default_predictor_factory,
)
from resume_ner.deployment.api.service import get_predictor
from resume_ner.deployment.api.settings import ServiceSettings

__all__ = [
    "ApiError",
    "ModelLoadError",
    "PredictorFactory",
    "ServiceSettings",
    "create_app",
    "default_predictor_factory",
    "get_predictor",
]
