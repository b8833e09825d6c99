"""The data stage: load, validate and split the configured sources into a fingerprinted folder.

The folder is ``paths.templates.data`` filled with the dataset name and the *dataset
fingerprint*: the content fingerprint of the source files (``data_fp``) combined with every
setting that changes the prepared documents (label preset and maps, label schema, unknown-label
and overlap policies, de-duplication, split fractions and seed). Window settings are not
included: windows depend on the tokenizer and are built by training. A completed folder
(its ``manifest.json`` is written last) is reused unless ``force`` is given.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_ner.common.constants import Stage, StageStatus, files
from resume_ner.data.assets.manifest import DatasetManifest, build_manifest
from resume_ner.data.processing.prepare import prepare_documents, resolve_source
from resume_ner.data.processing.split_files import read_split, write_splits
from resume_ner.data.processing.splits import Splits, split_documents
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.fingerprints import Fingerprint, data_fp, make_fingerprint
from resume_ner.infrastructure.metadata import MetadataIndex, RunMetadata, save_run
from resume_ner.infrastructure.paths import OutputLayout

logger = logging.getLogger(__name__)

_WINDOW_FIELDS = frozenset({"max_length", "stride", "label_all_subtokens", "name"})


@dataclass(frozen=True)
class DataStageResult:
    """A prepared dataset folder and what it holds."""

    folder: Path
    fingerprint: Fingerprint
    manifest: DatasetManifest
    reused: bool

    def splits(self) -> Splits:
        """Read the train/validation/test documents back from the folder."""
        return load_splits(self.folder)


def dataset_fingerprint(cfg: DataConfig, base_dir: Path) -> Fingerprint:
    """The dataset fingerprint: source contents plus the settings that shape the documents."""
    paths = [
        resolve_source(source.path, base_dir, f"data.sources[{i}].path")
        for i, source in enumerate(cfg.sources)
    ]
    settings = cfg.model_dump(mode="json", exclude=set(_WINDOW_FIELDS))
    for source in settings["sources"]:
        source.pop("path", None)
    return make_fingerprint("dataset", {"data_fp": data_fp(paths).value, "settings": settings})


def load_splits(folder: Path) -> Splits:
    """Read ``train/validation/test.jsonl`` of a prepared dataset folder.

    Raises:
        FileNotFoundError: If the folder is not a completed data-stage folder.
    """
    if not (folder / files.MANIFEST_FILE).is_file():
        raise FileNotFoundError(f"{folder}: not a prepared dataset (no {files.MANIFEST_FILE})")
    train, validation, test = (
        tuple(read_split(folder / f"{name}.jsonl")) for name in ("train", "validation", "test")
    )
    return Splits(train, validation, test)


def run_data_stage(
    cfg: DataConfig, layout: OutputLayout, base_dir: Path, *, force: bool = False
) -> DataStageResult:
    """Prepare the configured dataset under the output root, or reuse a completed one."""
    fingerprint = dataset_fingerprint(cfg, base_dir)
    folder = layout.data_dir(cfg.name, fingerprint.value)
    if (folder / files.MANIFEST_FILE).is_file() and not force:
        logger.info("data stage reused: %s", layout.relative_to_root(folder))
        return DataStageResult(folder, fingerprint, DatasetManifest.load(folder), reused=True)
    meta = RunMetadata(stage=Stage.DATA, run_name=f"data-{cfg.name}-{fingerprint.short}")
    meta.add_fingerprint("data_fp", fingerprint)
    meta.config = {"data": cfg.model_dump(mode="json")}
    index = MetadataIndex(layout.root)
    try:
        with meta.phase("prepare"):
            prepared = prepare_documents(cfg, base_dir)
        with meta.phase("split"):
            split = cfg.split
            splits = split_documents(
                prepared.documents,
                split.train,
                split.validation,
                split.test,
                seed=cfg.seed,
                stratify=split.stratify,
            )
        written = write_splits(splits, folder)
        prepared.report.save(folder / files.VALIDATION_REPORT_FILE)
        manifest = build_manifest(
            cfg.name,
            splits,
            [info.resolved for info in prepared.sources],
            labels=cfg.labels,
            validation=prepared.report,
            settings=_settings(cfg, fingerprint),
        )
        manifest.save(folder)
    except BaseException:
        meta.finish(StageStatus.FAILED)
        if folder.is_dir():
            save_run(folder, meta, index)
        raise
    for name, path in written.items():
        meta.add_artifact(name, path, layout.root)
    meta.add_artifact("manifest", folder / files.MANIFEST_FILE, layout.root)
    meta.metrics = {"documents": manifest.documents}
    meta.finish()
    save_run(folder, meta, index)
    logger.info("data stage wrote %s", layout.relative_to_root(folder))
    return DataStageResult(folder, fingerprint, manifest, reused=False)


def _settings(cfg: DataConfig, fingerprint: Fingerprint) -> dict[str, Any]:
    return {
        "dataset_fp": fingerprint.value,
        "source_data_fp": fingerprint.components["data_fp"],
        **fingerprint.components["settings"],
    }
