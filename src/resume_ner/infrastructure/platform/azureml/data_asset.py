"""Azure ML data assets (uri_folder) for prepared dataset folders, built with azure-ai-ml lazily."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from azure.ai.ml.entities import Data

logger = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "resume-ner[azure]"'
"""How to install the optional Azure ML dependencies."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,254}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,49}$")


class AzureMLNotInstalledError(ImportError):
    """azure-ai-ml is needed but not installed; the message says how to install it."""


def import_azure_ml() -> ModuleType:
    """Import ``azure.ai.ml``.

    Raises:
        AzureMLNotInstalledError: If it is not installed, with the install command.
    """
    try:
        import azure.ai.ml as azure_ml
    except ImportError as exc:
        raise AzureMLNotInstalledError(
            f"Azure ML support needs the azure-ai-ml package, which is not installed "
            f"({exc}); install it with: {INSTALL_HINT}"
        ) from exc
    return azure_ml


def _path_text(path: str | os.PathLike[str]) -> str:
    text = os.fspath(path)
    if "://" in text or text.startswith("azureml:"):
        return text
    folder = Path(text).expanduser().resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"data asset path {folder} is not an existing folder")
    return str(folder)


def build_data_asset(
    name: str,
    path: str | os.PathLike[str],
    version: str | None = None,
    description: str | None = None,
    tags: Mapping[str, Any] | None = None,
) -> Data:
    """An Azure ML ``uri_folder`` data asset for a folder (nothing is uploaded yet).

    Args:
        name: Asset name: letters, digits, ``_``, ``-`` and ``.``, starting with a letter or
            digit (at most 255 characters).
        path: A local folder (made absolute; it must exist) or a cloud URI
            (``azureml://...``, ``https://...``) used as is.
        version: Asset version (e.g. the first 8 characters of the data fingerprint);
            ``None`` lets Azure ML number it on registration.
        description: Free text shown in the studio.
        tags: Tag values (turned into strings).

    Returns:
        An ``azure.ai.ml.entities.Data`` of type ``uri_folder``.

    Raises:
        AzureMLNotInstalledError: If azure-ai-ml is not installed.
        ValueError: For an invalid name or version.
        FileNotFoundError: If a local path is not an existing folder.
    """
    for what, value, pattern, limit in (
        ("name", name, _NAME, 255),
        ("version", version, _VERSION, 50),
    ):
        if value is not None and not pattern.match(value):
            raise ValueError(
                f"invalid data asset {what} {value!r}: use letters, digits, '_', '-' and '.', "
                f"starting with a letter or digit (at most {limit} characters)"
            )
    location = _path_text(path)
    import_azure_ml()
    from azure.ai.ml.constants import AssetTypes
    from azure.ai.ml.entities import Data

    logger.debug("data asset %s:%s -> %s", name, version, location)
    return Data(
        name=name,
        version=version,
        path=location,
        type=AssetTypes.URI_FOLDER,
        description=description,
        tags={str(key): str(value) for key, value in (tags or {}).items()},
    )


def register_data_asset(ml_client: Any, asset: Data) -> Data:
    """Register (create or update) ``asset`` with an ``azure.ai.ml.MLClient``'s workspace.

    Azure ML uploads a local folder to the workspace's default datastore; the asset returned
    carries its cloud path and version.
    """
    logger.info("registering data asset %s (version %s)", asset.name, asset.version or "auto")
    registered: Data = ml_client.data.create_or_update(asset)
    logger.info("registered data asset %s version %s", registered.name, registered.version)
    return registered
