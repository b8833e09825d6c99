"""The conversion stage: export, optimise, quantize, prove parity, record, reuse by conv_fp."""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import StageStatus, files
from resume_ner.common.shared import file_lock, hash_value, read_json, write_json
from resume_ner.data.loaders.document import Document
from resume_ner.deployment.conversion.compare import reference
from resume_ner.deployment.conversion.export import ConversionError, export_onnx
from resume_ner.deployment.conversion.package import copy_servable, publish
from resume_ner.deployment.conversion.source import ConversionSource, parity_documents, read_source
from resume_ner.deployment.conversion.tracking import (
    add_artifacts,
    index_run,
    new_metadata,
    track_conversion,
)
from resume_ner.deployment.conversion.variants import build_variants
from resume_ner.infrastructure.fingerprints import Fingerprint, conv_fp
from resume_ner.infrastructure.metadata import (
    MetadataError,
    RunMetadata,
    read_metadata,
    write_metadata,
)
from resume_ner.infrastructure.metadata.model_card import refresh_model_card
from resume_ner.infrastructure.naming import RunNamer

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout
    from resume_ner.infrastructure.tracking import Tracker

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 3600.0
"""How long a conversion waits for another process converting the same model."""


@dataclass(frozen=True)
class ConversionResult:
    """A servable conversion folder, its conv_fp, its ``parity.json`` content and whether an
    earlier conversion with the same conv_fp was reused."""

    folder: Path
    fingerprint: Fingerprint
    parity: dict[str, Any]
    reused: bool

    @property
    def passed(self) -> bool:
        """Whether the parity proof holds."""
        return bool(self.parity.get("passed"))


def documents_fp(documents: Sequence[Document]) -> str:
    """Hash of given evaluation documents (ids, texts, spans): part of conv_fp when given."""
    return hash_value(
        [[d.id, d.text, [[s.start, s.end, s.label] for s in d.spans]] for d in documents]
    )


def _reusable(folder: Path, fingerprint: Fingerprint) -> dict[str, Any] | None:
    """The parity of a completed conversion in ``folder`` with the same conv_fp, if any."""
    if not (folder / files.METADATA_FILE).is_file():
        return None
    try:
        meta = read_metadata(folder)
        parity = read_json(folder / files.PARITY_FILE)
    except (MetadataError, ValueError, OSError) as exc:
        logger.warning("not reusing %s: %s", folder, exc)
        return None
    same = meta.fingerprints.get("conv_fp") == fingerprint.value
    complete = meta.status == StageStatus.COMPLETED and (folder / files.ONNX_MODEL_FILE).is_file()
    return parity if same and complete and isinstance(parity, dict) else None


def _check_replaceable(folder: Path) -> None:
    """Refuse to replace a non-empty folder that is not an earlier conversion."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise FileExistsError(f"output {folder} exists and is not a folder")
    if any(folder.iterdir()) and not (folder / files.PARITY_FILE).is_file():
        raise FileExistsError(
            f"output folder {folder} is not empty and holds no earlier conversion "
            f"({files.PARITY_FILE}); choose a new or empty folder"
        )


def _write_cards(folder: Path, trained: Path) -> None:
    """The model cards of the converted folder and of the trained one (it links here), when
    the trained model has its training metadata."""
    refresh_model_card(folder)
    refresh_model_card(trained)


def convert_artifact(
    artifact: str | os.PathLike[str],
    config: ResumeNerConfig,
    layout: OutputLayout,
    *,
    output: str | os.PathLike[str] | None = None,
    force: bool = False,
    documents: Sequence[Document] | None = None,
    tracker: Tracker | None = None,
    threads: int | None = None,
) -> ConversionResult:
    """Convert a trained artifact to ONNX (+ int8) with its parity proof, or reuse it.

    The folder is ``conversion/<backbone>/<conv8>`` unless ``output`` is given. The parity
    documents default to ``conversion.parity_documents`` of the artifact's test split (else
    synthetic resumes); given ``documents`` enter conv_fp as ``documents_fp``. ``threads``
    are the ONNX Runtime threads of the parity runs (``None``: every core). Check
    ``passed`` on the result.

    Raises:
        FileNotFoundError: If the artifact does not exist.
        ArtifactError: If the artifact lacks a file (named).
        ConversionError: If export, optimisation or quantization fails.
        FileExistsError: If ``output`` is a non-empty folder that is no conversion.
    """
    source = read_source(artifact)
    if documents is not None:
        parents = {**source.parents, "documents_fp": documents_fp(documents)}
        source = dataclasses.replace(source, parents=parents)
    fingerprint = conv_fp(source.parents, config.conversion)
    backbone = source.settings.backbone
    folder = Path(output) if output else layout.conversion_dir(backbone, fingerprint.value)
    with file_lock(folder.parent / f".{folder.name}.lock", LOCK_TIMEOUT_S):
        parity = None if force else _reusable(folder, fingerprint)
        if parity is not None:
            logger.info("conversion reused: %s", folder)
            _write_cards(folder, source.folder)
            return ConversionResult(folder, fingerprint, parity, reused=True)
        _check_replaceable(folder)
        run_name = RunNamer.from_config(config.naming).run_name(
            "convert", backbone=backbone, conv_fp=fingerprint.value
        )
        meta = new_metadata(source, fingerprint, run_name, config, layout)
        staging = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            parity = _convert(
                source, config, layout, meta, staging, documents=documents, threads=threads
            )
            meta.finish(StageStatus.COMPLETED if parity["passed"] else StageStatus.FAILED)
            add_artifacts(meta, staging, folder, layout)
            track_conversion(tracker, config, meta, parity, source)
            write_metadata(staging, meta)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(staging, folder)
        index_run(meta, folder, layout)
        _write_cards(folder, source.folder)
    logger.info("conversion %s: %s", "passed" if parity["passed"] else "FAILED parity", folder)
    return ConversionResult(folder, fingerprint, parity, reused=False)


def _convert(
    source: ConversionSource,
    config: ResumeNerConfig,
    layout: OutputLayout,
    meta: RunMetadata,
    staging: Path,
    *,
    documents: Sequence[Document] | None,
    threads: int | None,
) -> dict[str, Any]:
    """Export and judge every file into ``staging``; return the parity (also written)."""
    from resume_ner.training.core.artifact import load_model, read_head

    conversion = config.conversion
    settings = source.settings
    if documents is None:
        chosen, where = parity_documents(source, conversion.parity_documents, layout.root)
    else:
        chosen, where = list(documents), f"{len(documents)} given documents"
    with meta.phase("load"):
        model, tokenizer, schema = load_model(settings.folder)
    with meta.phase("reference"):
        inputs = reference(
            model, tokenizer, schema, chosen, max_length=settings.max_length, stride=settings.stride
        )
    with meta.phase("export"):
        raw = export_onnx(model, staging / files.ONNX_MODEL_FILE, opset=conversion.opset)
    del model
    model_config, _ = read_head(settings.folder)
    with meta.phase("variants"):
        report = build_variants(
            staging, raw, inputs, conversion, model_config, source=where, threads=threads
        )
    copy_servable(settings.folder, staging)
    path = write_json(staging / files.PARITY_FILE, report.to_dict())
    parity: dict[str, Any] = read_json(path)  # the stored form, as a reuse would read it
    meta.metrics = summary_metrics(parity)
    return parity


def summary_metrics(parity: dict[str, Any]) -> dict[str, float]:
    """Flat numbers of a parity report (for metadata and MLflow)."""
    metrics: dict[str, float] = {
        "parity_passed": float(bool(parity["passed"])),
        "pytorch_span_f1": float(parity["pytorch_span_f1"]),
    }
    for name, variant in parity["variants"].items():
        metrics[f"{name}_max_abs_logit_diff"] = float(variant["logits"]["max_abs_diff"])
        metrics[f"{name}_argmax_agreement"] = float(variant["logits"]["argmax_agreement"])
        metrics[f"{name}_span_f1"] = float(variant["span_f1"])
        metrics[f"{name}_span_f1_delta"] = float(variant["span_f1_delta"])
        metrics[f"{name}_differing_documents"] = float(len(variant["differing_documents"]))
        metrics[f"{name}_size_mb"] = round(variant["size_bytes"] / 1e6, 3)
    return metrics


class ParityError(ConversionError):
    """The converted model's outputs differ from PyTorch's beyond the tolerances."""

    def __init__(self, result: ConversionResult) -> None:
        super().__init__(f"ONNX parity with PyTorch failed; see {result.folder / 'parity.json'}")
        self.result = result


def run_convert(
    config: ResumeNerConfig,
    layout: OutputLayout,
    artifact: str | os.PathLike[str] | None = None,
    **options: Any,
) -> ConversionResult:
    """The convert stage: :func:`convert_artifact` of ``artifact`` (default: the latest trained
    model under the output root), which must pass its parity proof.

    Raises:
        ParityError: When parity fails (the folder and parity.json are kept for reading).
        FileNotFoundError: When no model is given and none has been trained.
    """
    if artifact is None:
        from resume_ner.training.execution import latest_training

        artifact = latest_training(layout).model_dir
    result = convert_artifact(artifact, config, layout, **options)
    if not result.passed:
        raise ParityError(result)
    return result
