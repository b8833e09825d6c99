"""The FastAPI service for text, PDF and DOCX resumes: routes, schemas, limits, auth, errors.

FastAPI loads on first access to ``create_app``, ``ApiError`` or ``get_predictor``, so
importing this package (for ``ServiceSettings``, say) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from resume_ner.deployment.api.model_state import (
    ModelLoadError,
    PredictorFactory,
    default_predictor_factory,
)
from resume_ner.deployment.api.settings import ServiceSettings

if TYPE_CHECKING:
    from resume_ner.deployment.api.app import create_app
    from resume_ner.deployment.api.errors import ApiError
    from resume_ner.deployment.api.service import get_predictor

_LAZY = {"create_app": "app", "ApiError": "errors", "get_predictor": "service"}

__all__ = [
    "ApiError",
    "ModelLoadError",
    "PredictorFactory",
    "ServiceSettings",
    "create_app",
    "default_predictor_factory",
    "get_predictor",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
