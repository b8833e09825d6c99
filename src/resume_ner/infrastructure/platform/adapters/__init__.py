"""Detect local, Colab, Kaggle and Azure ML; each gives output root, tracking URI and device."""

from resume_ner.infrastructure.platform.adapters.azureml import AzureMLAdapter
from resume_ner.infrastructure.platform.adapters.base import PlatformAdapter, PlatformError
from resume_ner.infrastructure.platform.adapters.colab import ColabAdapter
from resume_ner.infrastructure.platform.adapters.detect import detect_platform
from resume_ner.infrastructure.platform.adapters.device import (
    cuda_availability,
    mps_availability,
    resolve_device,
)
from resume_ner.infrastructure.platform.adapters.kaggle import KaggleAdapter
from resume_ner.infrastructure.platform.adapters.local import LocalAdapter
from resume_ner.infrastructure.platform.adapters.registry import (
    ADAPTERS,
    adapter_from_config,
    get_adapter,
)

__all__ = [
    "ADAPTERS",
    "AzureMLAdapter",
    "ColabAdapter",
    "KaggleAdapter",
    "LocalAdapter",
    "PlatformAdapter",
    "PlatformError",
    "adapter_from_config",
    "cuda_availability",
    "detect_platform",
    "get_adapter",
    "mps_availability",
    "resolve_device",
]
