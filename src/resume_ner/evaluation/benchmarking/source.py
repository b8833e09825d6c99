"""What a benchmark measures: the model folders behind a path, and the model's fingerprint."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from resume_ner.common.constants import Stage, files
from resume_ner.common.shared import hash_file
from resume_ner.deployment.inference.artifact import ArtifactSettings, read_artifact
from resume_ner.evaluation.benchmarking.backends import ONNX_FILES, WEIGHTS_FILE, BackendFolders
from resume_ner.infrastructure.fingerprints import Fingerprint, make_fingerprint
from resume_ner.infrastructure.metadata import (
    MetadataError,
    MetadataIndex,
    RunMetadata,
    read_metadata,
)
from resume_ner.infrastructure.paths import OutputLayout

logger = logging.getLogger(__name__)

PARENT_FINGERPRINTS = ("conv_fp", "weights_fp", "spec_fp", "exec_fp", "data_fp")
"""Fingerprints of the benchmarked model's own runs, recorded as the benchmark's parents."""


@dataclass(frozen=True)
class BenchSource:
    """A resolved benchmark subject: its model folders and settings, ``model_fp`` (hashes of
    the files benchmarked), the longest window it accepts (``None`` when unbounded) and
    ``parents``, the model's own fingerprints (``conv_fp``, ``spec_fp``...)."""

    settings: ArtifactSettings
    folders: BackendFolders
    model_fp: Fingerprint
    max_seq_len: int | None
    parents: dict[str, str] = field(default_factory=dict)

    @property
    def parent_stage(self) -> Stage:
        """The stage that produced the model: convert when it has ONNX files, else train."""
        return Stage.CONVERT if "conv_fp" in self.parents else Stage.TRAIN


def _has_onnx(folder: Path) -> bool:
    return any((folder / name).is_file() for name in ONNX_FILES.values())


def _read_meta(folder: Path) -> RunMetadata | None:
    """The metadata.json of a model folder or of the run folder above it."""
    for run_dir in (folder, folder.parent):
        if (run_dir / files.METADATA_FILE).is_file():
            try:
                return read_metadata(run_dir)
            except MetadataError as exc:
                logger.warning("ignoring unreadable metadata of %s: %s", run_dir, exc)
                return None
    return None


def _weights_in(place: Path, weights_fp: str | None) -> Path | None:
    """``place`` when it holds PyTorch weights (with the recorded hash, when one is given)."""
    weights = place / WEIGHTS_FILE
    if not weights.is_file():
        return None
    if weights_fp is not None and hash_file(weights) != weights_fp:
        logger.warning("%s changed since the conversion (weights_fp differs); not used", weights)
        return None
    return place


def _trained_folder(folder: Path, layout: OutputLayout | None) -> Path | None:
    """The PyTorch model folder a converted folder came from: its training lineage under the
    output root, else the source folder the conversion recorded."""
    meta = _read_meta(folder)
    if meta is None:
        return None
    weights_fp = meta.fingerprints.get("weights_fp")
    candidates: list[Path] = []
    if layout is not None:
        candidates += [
            layout.from_relative(parent.path)
            for parent in meta.lineage
            if parent.stage == Stage.TRAIN and parent.path is not None
        ]
    recorded = meta.extra.get("source", {})
    if isinstance(recorded, dict) and isinstance(recorded.get("model_folder"), str):
        candidates.append(Path(recorded["model_folder"]))
    for candidate in candidates:
        for place in (candidate, candidate / "best"):
            found = _weights_in(place, weights_fp)
            if found is not None:
                return found
    return None


def _conversion_of(folder: Path, layout: OutputLayout | None) -> tuple[Path, dict[str, str]] | None:
    """The newest completed conversion of the weights in ``folder`` recorded in the index."""
    if layout is None:
        return None
    index = MetadataIndex(layout.root)
    weights_fp = hash_file(folder / WEIGHTS_FILE)
    for entry in index.find_completed(Stage.CONVERT, weights_fp=weights_fp):
        run_dir = index.run_path(entry)
        if _has_onnx(run_dir):
            return run_dir, dict(entry.fingerprints)
    return None


def _max_positions(settings: ArtifactSettings) -> int | None:
    from resume_ner.training.core.artifact import read_head
    from resume_ner.training.core.backbone import positions_of

    config, _ = read_head(settings.folder)
    return positions_of(SimpleNamespace(**config))


def model_fingerprint(folders: BackendFolders) -> Fingerprint:
    """Fingerprint of the benchmarked model: the SHA-256 of every weight file and of the label
    schema, by file name, plus the window settings of whole-document prediction."""
    hashes: dict[str, str] = {}
    for folder, names in (
        (folders.torch, (WEIGHTS_FILE, files.LABEL_SCHEMA_FILE)),
        (folders.onnx, (*ONNX_FILES.values(), files.LABEL_SCHEMA_FILE)),
    ):
        if folder is None:
            continue
        for name in names:
            if (folder / name).is_file():
                hashes[name] = hash_file(folder / name)
    windows = {"max_length": folders.max_length, "stride": folders.stride}
    return make_fingerprint("model", {"files": hashes, "windows": windows})


def resolve_source(path: str | os.PathLike[str], layout: OutputLayout | None = None) -> BenchSource:
    """Resolve a trained artifact or a converted (ONNX) folder into what can be benchmarked.

    For a trained folder, the ONNX files come from the folder itself, else from the newest
    completed conversion of the same weights (``weights_fp``) in ``layout``'s index. For a
    converted folder, the PyTorch weights come from the training run its metadata lineage
    points to (or the source folder it recorded), when the weights still match.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ArtifactError: If it is not a model folder (naming the missing file).
        ValueError: If it holds neither PyTorch weights nor an ONNX model.
    """
    settings = read_artifact(path)
    folder = settings.folder
    parents = dict(settings.fingerprints)
    torch_folder: Path | None
    onnx_folder: Path | None
    if (folder / WEIGHTS_FILE).is_file():
        torch_folder = folder
        onnx_folder = folder if _has_onnx(folder) else None
        conversion = None if onnx_folder else _conversion_of(folder, layout)
        if conversion is not None:
            onnx_folder, conversion_fps = conversion
            parents.update(conversion_fps)
    else:
        torch_folder = _trained_folder(folder, layout)
        onnx_folder = folder if _has_onnx(folder) else None
    if torch_folder is None and onnx_folder is None:
        raise ValueError(
            f"{folder} holds no model weights: expected {WEIGHTS_FILE} or "
            f"{', '.join(ONNX_FILES.values())}"
        )
    folders = BackendFolders(torch_folder, onnx_folder, settings.max_length, settings.stride)
    recorded = {name: parents[name] for name in PARENT_FINGERPRINTS if name in parents}
    return BenchSource(
        settings, folders, model_fingerprint(folders), _max_positions(settings), recorded
    )
