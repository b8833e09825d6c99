"""The model being converted: its settings, fingerprints, lineage and evaluation documents."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.constants import Stage, files
from resume_ner.common.shared import hash_file
from resume_ner.data.loaders.document import Document
from resume_ner.deployment.inference.artifact import ArtifactSettings, read_artifact, require_file
from resume_ner.infrastructure.metadata import MetadataError, RunMetadata, read_metadata
from resume_ner.training.core.artifact import WEIGHTS_FILE

logger = logging.getLogger(__name__)

PARENT_FINGERPRINTS = ("spec_fp", "exec_fp")
"""Fingerprints of the training run that identify the converted model, when recorded."""
SYNTHETIC_SEED = 0
"""Seed of the synthetic resumes used when the artifact's test split cannot be found."""


@dataclass(frozen=True)
class ConversionSource:
    """A trained model folder as the conversion sees it.

    Attributes:
        settings: Window settings, schema, backbone and recorded fingerprints.
        weights: The ``model.safetensors`` file.
        metadata: The training run's metadata (``None`` for a bare model folder).
        run_dir: The folder holding that ``metadata.json``.
        parents: The fingerprints conv_fp is computed from (the recorded spec_fp/exec_fp and
            ``weights_fp``, the SHA-256 of the weights, so retrained variants never collide).
    """

    settings: ArtifactSettings
    weights: Path
    metadata: RunMetadata | None
    run_dir: Path | None
    parents: dict[str, str]

    @property
    def folder(self) -> Path:
        """The model folder."""
        return self.settings.folder


def _find_metadata(folder: Path) -> tuple[RunMetadata | None, Path | None]:
    for place in (folder, folder.parent):
        if (place / files.METADATA_FILE).is_file():
            try:
                return read_metadata(place), place
            except MetadataError as exc:
                logger.warning("ignoring unreadable training metadata: %s", exc)
                return None, None
    return None, None


def read_source(artifact: str | os.PathLike[str]) -> ConversionSource:
    """Read a trained artifact (model folder or run folder with ``best/``) for conversion.

    Raises:
        FileNotFoundError: If the path does not exist.
        ArtifactError: If a required file (weights, config, tokenizer, schema) is missing.
    """
    settings = read_artifact(artifact)
    weights = require_file(settings.folder, WEIGHTS_FILE)
    metadata, run_dir = _find_metadata(settings.folder)
    parents = {
        name: settings.fingerprints[name]
        for name in PARENT_FINGERPRINTS
        if settings.fingerprints.get(name)
    }
    parents["weights_fp"] = hash_file(weights)
    return ConversionSource(settings, weights, metadata, run_dir, parents)


def output_root_of(run_dir: Path | None, fallback: Path) -> Path:
    """The output root holding ``run_dir`` (the nearest folder above with an index file)."""
    if run_dir is not None:
        for place in (run_dir, *run_dir.resolve().parents):
            if (place / files.INDEX_FILE).is_file():
                return place
    return fallback


def _test_split(source: ConversionSource, fallback_root: Path) -> tuple[list[Document], str]:
    """The test documents of the dataset the model was trained on, when its folder is known."""
    from resume_ner.data.stage import load_splits

    if source.metadata is None:
        return [], ""
    root = output_root_of(source.run_dir, fallback_root)
    for parent in source.metadata.lineage:
        if parent.stage != Stage.DATA or parent.path is None:
            continue
        folder = root / parent.path
        try:
            test = list(load_splits(folder).test)
        except (FileNotFoundError, ValueError) as exc:
            logger.warning("test split of %s unavailable: %s", folder, exc)
            continue
        if test:
            return test, f"test split of {folder}"
    return [], ""


def parity_documents(
    source: ConversionSource, count: int, fallback_root: Path
) -> tuple[list[Document], str]:
    """The evaluation documents of the parity proof and where they come from.

    The first ``count`` documents of the artifact's test split (found through the training
    run's data lineage), else ``count`` synthetic resumes.
    """
    from resume_ner.data.datasets import generate_resumes

    test, where = _test_split(source, fallback_root)
    if test:
        return test[:count], where
    documents = generate_resumes(count, seed=SYNTHETIC_SEED)
    return documents, f"{count} synthetic resumes (seed {SYNTHETIC_SEED})"
