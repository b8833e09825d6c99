"""The model being converted: its settings, fingerprints, lineage and evaluation documents."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.constants import Stage, files
from resume_ner.common.shared import hash_file
from resume_ner.data.loaders.document import Document
from resume_ner.deployment.inference.artifact import (
    ArtifactSettings,
    find_metadata,
    read_artifact,
    require_file,
)
from resume_ner.infrastructure.metadata import RunMetadata
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
        metadata: The training run's metadata (``None`` for a bare model folder).
        run_dir: The folder holding that ``metadata.json``.
        parents: The fingerprints conv_fp is computed from (the recorded spec_fp/exec_fp and
            ``weights_fp``, the SHA-256 of the weights, so retrained variants never collide).
    """

    settings: ArtifactSettings
    metadata: RunMetadata | None
    run_dir: Path | None
    parents: dict[str, str]

    @property
    def folder(self) -> Path:
        """The model folder."""
        return self.settings.folder


def read_source(artifact: str | os.PathLike[str]) -> ConversionSource:
    """Read a trained artifact (model folder or run folder with ``best/``) for conversion.

    Raises:
        FileNotFoundError: If the path does not exist.
        ArtifactError: If a required file (weights, config, tokenizer, schema) is missing.
    """
    settings = read_artifact(artifact)
    weights = require_file(settings.folder, WEIGHTS_FILE)
    metadata, run_dir = find_metadata(settings.folder)
    parents = {
        name: settings.fingerprints[name]
        for name in PARENT_FINGERPRINTS
        if settings.fingerprints.get(name)
    }
    parents["weights_fp"] = hash_file(weights)
    return ConversionSource(settings, metadata, run_dir, parents)


def parity_documents(
    source: ConversionSource, count: int, fallback_root: Path
) -> tuple[list[Document], str]:
    """The evaluation documents of the parity proof and where they come from.

    The first ``count`` documents of the artifact's test split (found through the training
    run's data lineage, under the nearest folder above the run with an index file), else
    ``count`` synthetic resumes.
    """
    from resume_ner.data.datasets import generate_resumes
    from resume_ner.data.stage import load_splits

    lineage = source.metadata.lineage if source.metadata is not None else []
    root = fallback_root
    if source.run_dir is not None:
        above = (source.run_dir, *source.run_dir.resolve().parents)
        root = next((place for place in above if (place / files.INDEX_FILE).is_file()), root)
    for parent in lineage:
        if parent.stage != Stage.DATA or parent.path is None:
            continue
        folder = root / parent.path
        try:
            test = list(load_splits(folder).test)
        except (FileNotFoundError, ValueError) as exc:
            logger.warning("test split of %s unavailable: %s", folder, exc)
            continue
        if test:
            return test[:count], f"test split of {folder}"
    documents = generate_resumes(count, seed=SYNTHETIC_SEED)
    return documents, f"{count} synthetic resumes (seed {SYNTHETIC_SEED})"
