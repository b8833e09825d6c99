"""Pick the platform adapter by name, from config, or by detection."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from resume_ner.infrastructure.platform.adapters.azureml import AzureMLAdapter
from resume_ner.infrastructure.platform.adapters.base import (
    AdapterBase,
    PlatformAdapter,
    PlatformError,
)
from resume_ner.infrastructure.platform.adapters.colab import ColabAdapter
from resume_ner.infrastructure.platform.adapters.detect import detect_platform
from resume_ner.infrastructure.platform.adapters.kaggle import KaggleAdapter
from resume_ner.infrastructure.platform.adapters.local import LocalAdapter

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.platform import PlatformConfig

ADAPTERS: dict[str, type[AdapterBase]] = {
    "azureml": AzureMLAdapter,
    "colab": ColabAdapter,
    "kaggle": KaggleAdapter,
    "local": LocalAdapter,
}
"""Adapter class of every platform name."""


def get_adapter(name: str = "auto", env: Mapping[str, str] | None = None) -> PlatformAdapter:
    """The adapter for ``name``, or for the detected platform when ``name`` is ``auto``.

    Args:
        name: ``auto``, ``local``, ``colab``, ``kaggle`` or ``azureml``.
        env: Environment mapping (default: ``os.environ``).

    Returns:
        The adapter.

    Raises:
        PlatformError: Unknown platform name.
    """
    environ = dict(os.environ if env is None else env)
    key = name.strip().lower()
    if key == "auto":
        key = detect_platform(environ)
    adapter = ADAPTERS.get(key)
    if adapter is None:
        choices = ", ".join(["auto", *sorted(ADAPTERS)])
        raise PlatformError(f"unknown platform {name!r} (platform.name); choose one of {choices}")
    return adapter(environ)


def adapter_from_config(
    config: PlatformConfig, env: Mapping[str, str] | None = None
) -> tuple[PlatformAdapter, str]:
    """The adapter named by ``config.name`` and the device resolved from ``config.device``.

    Raises:
        PlatformError: Unknown platform, or the configured device is not available.
    """
    adapter = get_adapter(config.name, env)
    return adapter, adapter.device(config.device)
