"""From a data config to validated documents: load every source, map labels, combine, validate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.data.datasets.bundled import BUNDLED_PREFIX, bundled_path
from resume_ner.data.loaders.document import Document
from resume_ner.data.loaders.registry import detect_format, load_documents
from resume_ner.data.processing.combine import combine_with_duplicates
from resume_ner.data.processing.labels import CANONICAL_LABELS, build_label_map, map_labels
from resume_ner.data.processing.validation import validate_documents
from resume_ner.data.processing.validation_report import ValidationReport

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceInfo:
    """One loaded source: its configured path, the file or folder read, the format read
    (``mixed`` for a folder of several) and the documents read before validation."""

    path: str
    resolved: str
    format: str
    n_docs: int


@dataclass(frozen=True)
class PreparedDocuments:
    """Validated documents with the report of what was fixed or dropped and the sources read."""

    documents: list[Document]
    report: ValidationReport
    sources: list[SourceInfo]


def resolve_source(path: str, base_dir: Path, key: str) -> Path:
    """The file or folder a configured source path names.

    ``bundled:<name>`` resolves to a dataset shipped in the package; a relative path resolves
    against ``base_dir``.

    Raises:
        FileNotFoundError: Naming the config key and the path.
    """
    if path.startswith(BUNDLED_PREFIX):
        try:
            return bundled_path(path)
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"{key}: {path!r}: {exc}") from None
    resolved = Path(path).expanduser()
    if not resolved.is_absolute():
        resolved = (base_dir / resolved).resolve()
    if not resolved.exists():
        raise FileNotFoundError(f"{key}: {path!r} does not exist (looked for {resolved})")
    return resolved


def source_files(path: Path) -> list[Path]:
    """The file itself, or a folder's files (sorted; hidden ones and ``__pycache__`` left out)."""
    if not path.is_dir():
        return [path]
    return sorted(
        file
        for file in path.rglob("*")
        if file.is_file()
        and not any(p.startswith(".") or p == "__pycache__" for p in file.relative_to(path).parts)
    )


def _load_source(
    source: DataSourceConfig, key: str, base_dir: Path
) -> tuple[list[Document], SourceInfo]:
    resolved = resolve_source(source.path, base_dir, f"{key}.path")
    files = source_files(resolved)
    if not files:
        raise FileNotFoundError(f"{key}.path: folder {resolved} holds no files")
    documents: list[Document] = []
    formats = []
    for file in files:
        fmt = detect_format(file) if source.format == "auto" else source.format
        formats.append(fmt)
        documents.extend(load_documents(file, fmt))
    fmt = formats[0] if len(set(formats)) == 1 else "mixed"
    info = SourceInfo(source.path, str(resolved), fmt, len(documents))
    logger.info("%s: read %d documents (%s) from %s", key, len(documents), fmt, resolved)
    return documents, info


def prepare_documents(
    cfg: DataConfig, base_dir: Path, *, max_examples: int = 5
) -> PreparedDocuments:
    """Load every configured source, map labels, combine and validate.

    Per source, its ``label_map`` is applied first, then the preset merged with the dataset
    ``label_map``. Sources are concatenated in order with de-duplication by text (when
    ``dedupe``); the result is validated against ``labels`` (the canonical schema when unset).

    Raises:
        FileNotFoundError: For a missing source, naming ``data.sources[i].path``.
        DataFormatError: For a malformed source file.
        DataValidationError: Under an ``"error"`` policy that finds a problem.
    """
    if not cfg.sources:
        raise ValueError("data.sources is empty: configure at least one source")
    report = ValidationReport(max_examples=max_examples)
    shared_map = build_label_map(cfg.label_preset, cfg.label_map)
    named: list[tuple[str, list[Document]]] = []
    infos: list[SourceInfo] = []
    for index, source in enumerate(cfg.sources):
        documents, info = _load_source(source, f"data.sources[{index}]", base_dir)
        if source.label_map:
            documents, changes = map_labels(documents, source.label_map)
            report.record_label_changes(changes)
        documents, changes = map_labels(documents, shared_map)
        report.record_label_changes(changes)
        named.append((source.path, documents))
        infos.append(info)
    combined, duplicates = combine_with_duplicates(named, dedupe=cfg.dedupe)
    for duplicate in duplicates:
        report.record_loader_notes(duplicate.document)
        report.drop_upstream_document(
            "duplicate_document", duplicate.document, f"same text as {duplicate.kept_id!r}"
        )
    documents, report = validate_documents(
        combined,
        labels=cfg.labels or CANONICAL_LABELS,
        overlap_policy=cfg.overlap_policy,
        unknown_labels=cfg.unknown_labels,
        dedupe=cfg.dedupe,
        report=report,
    )
    return PreparedDocuments(documents, report, infos)
