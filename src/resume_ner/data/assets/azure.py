"""An Azure ML data asset for a prepared dataset folder, named and versioned from its manifest."""

from __future__ import annotations

import os
import re
from typing import Any

from resume_ner.data.assets.manifest import DatasetManifest
from resume_ner.infrastructure.platform.azureml.data_asset import (
    build_data_asset,
    register_data_asset,
)


def asset_name(dataset_name: str) -> str:
    """The Azure ML asset name of a dataset: characters outside ``[A-Za-z0-9_.-]`` become ``-``.

    Raises:
        ValueError: If nothing usable is left.
    """
    name = re.sub(r"[^A-Za-z0-9_.\-]+", "-", dataset_name).strip("-_.")
    if not name:
        raise ValueError(f"dataset name {dataset_name!r} gives no usable Azure ML asset name")
    return name[:255]


def dataset_asset(
    folder: str | os.PathLike[str],
    manifest: DatasetManifest | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
) -> Any:
    """A ``uri_folder`` data asset (``azure.ai.ml.entities.Data``) for a prepared dataset folder.

    The version is ``data_fp[:8]``, so the same data always maps to the same asset version
    and changed data to a new one; tags carry the full ``data_fp``, the dataset name, the
    document count, the splits and the labels.

    Args:
        folder: The prepared dataset folder (split files and ``manifest.json``).
        manifest: Its manifest (default: read from ``folder``).
        name: Asset name (default: from the dataset name, see :func:`asset_name`).
        description: Asset description (default: a one-line summary).

    Raises:
        AzureMLNotInstalledError: If azure-ai-ml is not installed.
        FileNotFoundError: If the folder (or its manifest, when not given) does not exist.
    """
    manifest = manifest if manifest is not None else DatasetManifest.load(folder)
    splits = ", ".join(f"{split} {stats.documents}" for split, stats in manifest.splits.items())
    summary = (
        f"resume-ner dataset {manifest.name}: {manifest.documents} documents ({splits}); "
        f"data_fp {manifest.data_fp}"
    )
    tags = {
        "data_fp": manifest.data_fp,
        "dataset": manifest.name,
        "documents": manifest.documents,
        "splits": ",".join(manifest.splits),
        "labels": ",".join(manifest.labels),
    }
    return build_data_asset(
        name or asset_name(manifest.name),
        folder,
        version=manifest.data8,
        description=description or summary,
        tags=tags,
    )


def register_dataset(
    ml_client: Any,
    folder: str | os.PathLike[str],
    manifest: DatasetManifest | None = None,
    *,
    name: str | None = None,
) -> Any:
    """Build the data asset of a prepared dataset folder and register it with ``ml_client``.

    Returns:
        The registered ``azure.ai.ml.entities.Data``.
    """
    return register_data_asset(ml_client, dataset_asset(folder, manifest, name=name))
