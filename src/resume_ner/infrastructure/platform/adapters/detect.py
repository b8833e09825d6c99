"""Detect the platform from environment variables and filesystem hints."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from resume_ner.infrastructure.platform.adapters.colab import COLAB_CONTENT_DIR

AZUREML_ENV_VARS = ("AZUREML_RUN_ID", "AZUREML_EXPERIMENT_ID")
KAGGLE_ENV_VARS = ("KAGGLE_KERNEL_RUN_TYPE", "KAGGLE_URL_BASE")
COLAB_ENV_VARS = ("COLAB_GPU", "COLAB_RELEASE_TAG")
_AZUREML_URI_PREFIX = "azureml://"


def module_available(name: str) -> bool:
    """Whether ``name`` can be imported, checked without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def detect_platform(
    env: Mapping[str, str] | None = None,
    *,
    content_dir: Path = COLAB_CONTENT_DIR,
    has_module: Callable[[str], bool] = module_available,
) -> str:
    """Name the platform this process runs on.

    Checks, in order: Azure ML (``AZUREML_RUN_ID``, ``AZUREML_EXPERIMENT_ID`` or an
    ``azureml://`` ``MLFLOW_TRACKING_URI``), Kaggle (``KAGGLE_KERNEL_RUN_TYPE``,
    ``KAGGLE_URL_BASE``), Colab (``COLAB_GPU``, ``COLAB_RELEASE_TAG``, or ``/content`` plus an
    importable ``google.colab``); anything else is ``local``.

    Args:
        env: Environment mapping (default ``os.environ``).
        content_dir: Colab's content folder (a test seam).
        has_module: Import check for ``google.colab`` (a test seam).

    Returns:
        ``azureml``, ``kaggle``, ``colab`` or ``local``.
    """
    environ = os.environ if env is None else env
    tracking_uri = environ.get("MLFLOW_TRACKING_URI", "").strip().lower()
    if any(environ.get(key) for key in AZUREML_ENV_VARS) or tracking_uri.startswith(
        _AZUREML_URI_PREFIX
    ):
        return "azureml"
    if any(environ.get(key) for key in KAGGLE_ENV_VARS):
        return "kaggle"
    if any(key in environ for key in COLAB_ENV_VARS):
        return "colab"
    if content_dir.is_dir() and has_module("google.colab"):
        return "colab"
    return "local"
