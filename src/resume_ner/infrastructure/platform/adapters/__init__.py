"""Detect local, Colab, Kaggle and Azure ML and give each its output root; pick the device."""

from resume_ner.infrastructure.platform.adapters.device import (
    cuda_availability,
    resolve_device,
)
from resume_ner.infrastructure.platform.adapters.platforms import (
    AzureMLAdapter,
    ColabAdapter,
    KaggleAdapter,
    LocalAdapter,
    PlatformAdapter,
    PlatformError,
    detect_platform,
    get_adapter,
)

__all__ = [
    "AzureMLAdapter",
    "ColabAdapter",
    "KaggleAdapter",
    "LocalAdapter",
    "PlatformAdapter",
    "PlatformError",
    "cuda_availability",
    "detect_platform",
    "get_adapter",
    "resolve_device",
]
