"""Record a conversion: metadata with lineage, artifacts, the metadata index and the MLflow run."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import Stage, StageStatus, files
from resume_ner.infrastructure.metadata import MetadataIndex, RunMetadata, relative_to_root

if TYPE_CHECKING:
    from resume_ner.deployment.conversion.source import ConversionSource
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.fingerprints import Fingerprint
    from resume_ner.infrastructure.paths import OutputLayout
    from resume_ner.infrastructure.tracking import Tracker

logger = logging.getLogger(__name__)

ARTIFACT_FILES = (files.ONNX_MODEL_FILE, files.ONNX_INT8_MODEL_FILE, "model.fp16.onnx")
"""Model files recorded as artifacts when present."""


def _inside(path: Path, root: Path) -> str | None:
    try:
        return relative_to_root(path, root)
    except ValueError:
        return None


def new_metadata(
    source: ConversionSource,
    fingerprint: Fingerprint,
    run_name: str,
    config: ResumeNerConfig,
    layout: OutputLayout,
) -> RunMetadata:
    """The conversion's metadata: fingerprints, config, source and the training run it
    came from (its path only when under the output root)."""
    meta = RunMetadata(stage=Stage.CONVERT, backbone=source.settings.backbone, run_name=run_name)
    meta.add_fingerprint("conv_fp", fingerprint)
    for name, value in source.parents.items():
        meta.add_fingerprint(name, value)
    meta.config = {
        "conversion": config.conversion.model_dump(mode="json"),
        "data": {"max_length": source.settings.max_length, "stride": source.settings.stride},
    }
    run_id = source.metadata.run_id if source.metadata else None
    meta.extra["source"] = {
        "model_folder": str(source.folder),
        "run_id": run_id,
        "run_name": source.metadata.run_name if source.metadata else None,
    }
    meta.add_parent(
        Stage.TRAIN,
        source.parents.get("spec_fp") or source.parents["weights_fp"],
        path=_inside(source.run_dir or source.folder, layout.root),
        run_id=run_id,
    )
    return meta


def add_artifacts(meta: RunMetadata, staging: Path, folder: Path, layout: OutputLayout) -> None:
    """Record the model files and parity.json (by their final paths) when under the root."""
    if _inside(folder, layout.root) is None:
        return
    for name in (*ARTIFACT_FILES, files.PARITY_FILE):
        if (staging / name).is_file():
            meta.add_artifact(name, folder / name, layout.root)


def index_run(meta: RunMetadata, folder: Path, layout: OutputLayout) -> None:
    """Append the run to the output root's metadata index (skipped outside the root)."""
    if _inside(folder, layout.root) is None:
        logger.info("%s is outside the output root %s: not indexed", folder, layout.root)
        return
    MetadataIndex(layout.root).record(meta, folder)


def track_conversion(
    tracker: Tracker | None,
    config: ResumeNerConfig,
    meta: RunMetadata,
    parity: dict[str, Any],
    source: ConversionSource,
) -> None:
    """Log the conversion to MLflow: params, parity metrics, parity.json, lineage tags."""
    from resume_ner.infrastructure.naming import RunNamer, TagKeys

    if tracker is None or not tracker.enabled:
        return
    keys = TagKeys.from_config(config.naming)
    conv = meta.fingerprints["conv_fp"]
    parent_run = source.metadata.mlflow_run_id if source.metadata else None
    parent_fps = {k: v for k, v in source.parents.items() if k in ("spec_fp", "exec_fp")}
    tags = {
        **keys.run_tags(Stage.CONVERT, backbone=meta.backbone),
        **keys.fingerprint_tags(conv_fp=conv),
        **keys.lineage_tags(Stage.TRAIN, parent_run, **parent_fps),
    }
    with tracker.stage_run(
        RunNamer.from_config(config.naming).experiment_name(Stage.CONVERT),
        meta.run_name or f"convert-{conv[:8]}",
        tags=tags,
        params=config.conversion.model_dump(mode="json"),
    ) as run:
        run.log_metrics(meta.metrics)
        run.log_dict(parity, files.PARITY_FILE)
        if meta.status == StageStatus.FAILED:
            run.set_end_status("failed")
        meta.mlflow_run_id = run.run_id
