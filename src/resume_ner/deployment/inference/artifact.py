"""Find a trained artifact's model folder and read what every backend needs to describe it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from resume_ner.common.constants import files
from resume_ner.common.shared import hash_file, read_yaml
from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.deployment.inference.types import ModelInfo
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.metadata import MetadataError, RunMetadata, read_metadata
from resume_ner.training.core.artifact import (
    CONFIG_FILE,
    WEIGHTS_FILE,
    ModelFolderError,
    read_head,
)
from resume_ner.training.core.backbone import short_backbone_name
from resume_ner.training.core.checkpoint import BEST_DIR, LAST_DIR

DEFAULT_MAX_LENGTH = 256
"""Tokens per window when the artifact records no ``data.max_length``."""
DEFAULT_STRIDE = 64
"""Tokens shared by consecutive windows when the artifact records no ``data.stride``."""
TOKENIZER_FILE = "tokenizer.json"
"""The fast tokenizer every backend needs (offsets map tokens back to characters)."""
MODEL_FILES = (WEIGHTS_FILE, files.ONNX_MODEL_FILE, files.ONNX_INT8_MODEL_FILE)
"""Weight files a model folder may hold: PyTorch, ONNX fp32, ONNX int8."""

_VARIANT = re.compile(r"v\d+")


class ArtifactError(ModelFolderError):
    """A path is not a usable model artifact; the message names the path and missing file."""


@dataclass(frozen=True)
class ArtifactSettings:
    """What a model folder says about itself.

    ``name`` is the run name from ``metadata.json``, else the run (or model) folder name;
    ``version`` is ``v<N>`` of a training variant folder, else a hash prefix of the weights;
    ``max_length``/``stride`` are the training window settings (else 256/64).
    """

    folder: Path
    name: str
    backbone: str
    version: str
    labels: tuple[str, ...]
    max_length: int
    stride: int
    schema: LabelSchema
    fingerprints: dict[str, str] = field(default_factory=dict)


class LoadedArtifact:
    """What every backend shares: the artifact's settings, its identity and a batch size."""

    def __init__(self, path: str | os.PathLike[str], backend: str, batch_size: int) -> None:
        """Read the artifact at ``path`` (see :func:`read_artifact`)."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self._batch_size = batch_size
        self._settings = read_artifact(path)
        s = self._settings
        fingerprints = dict(s.fingerprints)
        self.info = ModelInfo(
            s.name, s.backbone, s.labels, backend, s.max_length, s.stride, s.version, fingerprints
        )


def model_folder(path: str | os.PathLike[str]) -> Path:
    """The model folder of an artifact: ``path`` itself, or its ``best/`` sub-folder.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ArtifactError: If it is a file, or neither it nor ``best/`` holds ``config.json``.
    """
    root = Path(path).expanduser().absolute()
    if not root.exists():
        raise FileNotFoundError(f"model artifact not found: {root}")
    if not root.is_dir():
        raise ArtifactError(f"model artifact {root} is a file; pass the model folder instead")
    if (root / CONFIG_FILE).is_file():
        return root
    if (root / BEST_DIR / CONFIG_FILE).is_file():
        return root / BEST_DIR
    raise ArtifactError(
        f"{root} is not a model artifact: it has no {CONFIG_FILE} (nor {BEST_DIR}/{CONFIG_FILE}); "
        f"pass a folder written by training (with {CONFIG_FILE}, {WEIGHTS_FILE} or "
        f"{files.ONNX_MODEL_FILE}, {TOKENIZER_FILE}, {files.LABEL_SCHEMA_FILE})"
    )


def require_file(folder: Path, name: str) -> Path:
    """``folder / name``, which must be a file (else an ``ArtifactError`` naming both)."""
    path = folder / name
    if not path.is_file():
        raise ArtifactError(f"model folder {folder} is not a model artifact: it has no {name}")
    return path


def _nearby(folder: Path, name: str) -> Path | None:
    """``name`` in the model folder, else in its parent (a run folder holding ``best/``)."""
    for place in (folder, folder.parent):
        if (place / name).is_file():
            return place / name
    return None


def find_metadata(folder: Path) -> tuple[RunMetadata | None, Path | None]:
    """The training metadata of a model folder (or of its run folder) and where it lies."""
    path = _nearby(folder, files.METADATA_FILE)
    if path is None:
        return None, None
    try:
        return read_metadata(path.parent), path.parent
    except MetadataError as exc:
        raise ArtifactError(str(exc)) from None


def _window_settings(folder: Path, metadata: RunMetadata | None) -> tuple[int, int]:
    """``(max_length, stride)`` from ``config.resolved.yaml``, else the metadata snapshot."""
    path = _nearby(folder, files.RESOLVED_CONFIG_FILE)
    source: Any = read_yaml(path) if path is not None else None
    where = str(path)
    if source is None and metadata is not None and metadata.config:
        source, where = metadata.config, f"{folder}/{files.METADATA_FILE} (config)"
    data = source.get("data") if isinstance(source, dict) else None
    if not isinstance(data, dict):
        return DEFAULT_MAX_LENGTH, DEFAULT_STRIDE
    values = {
        "max_length": data.get("max_length", DEFAULT_MAX_LENGTH),
        "stride": data.get("stride", DEFAULT_STRIDE),
    }
    try:
        checked = DataConfig(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"data.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
        )
        raise ArtifactError(f"{where}: invalid window settings: {problems}") from None
    return checked.max_length, checked.stride


def _name(folder: Path, metadata: RunMetadata | None) -> str:
    if metadata is not None and metadata.run_name:
        return metadata.run_name
    run = folder.parent if folder.name in {BEST_DIR, LAST_DIR} else folder
    if _VARIANT.fullmatch(run.name) and run.parent.name:
        return f"{run.parent.name}-{run.name}"
    return run.name


def _version(folder: Path) -> str:
    run = folder.parent if folder.name in {BEST_DIR, LAST_DIR} else folder
    if _VARIANT.fullmatch(run.name):
        return run.name
    for name in MODEL_FILES:
        if (folder / name).is_file():
            return hash_file(folder / name)[:12]
    return "unversioned"


def read_artifact(path: str | os.PathLike[str]) -> ArtifactSettings:
    """Read a model folder (or a run folder holding ``best/``) without loading weights.

    Window settings come from ``config.resolved.yaml`` (the model folder's, else its parent's),
    else from the ``config`` snapshot in ``metadata.json``, else 256/64.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ArtifactError: If ``config.json``, ``label_schema.json`` or ``tokenizer.json`` is
            missing or invalid, or the saved window settings are invalid.
    """
    folder = model_folder(path)
    try:
        config, _ = read_head(folder)
    except ModelFolderError as exc:
        raise ArtifactError(str(exc)) from None
    schema_file = require_file(folder, files.LABEL_SCHEMA_FILE)
    require_file(folder, TOKENIZER_FILE)
    try:
        schema = LabelSchema.load(schema_file)
    except ValueError as exc:
        raise ArtifactError(str(exc)) from None
    metadata, _ = find_metadata(folder)
    max_length, stride = _window_settings(folder, metadata)
    backbone = metadata.backbone if metadata is not None and metadata.backbone else None
    if backbone is None:
        spec = config.get("_name_or_path") or config.get("model_type") or "unknown"
        backbone = short_backbone_name(str(spec))
    return ArtifactSettings(
        folder=folder,
        name=_name(folder, metadata),
        backbone=backbone,
        version=_version(folder),
        labels=tuple(schema.labels),
        max_length=max_length,
        stride=stride,
        schema=schema,
        fingerprints=dict(metadata.fingerprints) if metadata is not None else {},
    )
