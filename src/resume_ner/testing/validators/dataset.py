"""Dataset validator: label schema, empty documents, overlaps, unknown labels, label coverage.

Documents are validated with the lenient policies (overlaps resolved, unknown labels
dropped), so every problem is counted instead of stopping at the first; the counts are then
graded against the configured policies (a policy of ``"error"`` turns its count into a
failure).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.labels import CANONICAL_LABELS
from resume_ner.data.processing.prepare import PreparedDocuments, prepare_documents
from resume_ner.data.processing.validation import OverlapPolicy
from resume_ner.data.processing.validation_report import ValidationReport
from resume_ner.testing.checks import CheckResult, failed, passed
from resume_ner.testing.validators.grading import grade_report

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.data import DataConfig

_ALL_EXAMPLES = 1_000_000


def _lenient(policy: str) -> OverlapPolicy:
    return "keep_first" if policy == "keep_first" else "keep_longest"


@dataclass(frozen=True)
class DatasetValidation:
    """What the dataset validator found.

    Attributes:
        results: One result per aspect checked, problems first named with examples.
        documents: The documents that survive validation (``None`` when loading failed).
        labels: The label schema the documents were checked against.
        report: The data-validation report behind the counts (``None`` when loading failed).
    """

    results: list[CheckResult]
    documents: list[Document] | None
    labels: tuple[str, ...]
    report: ValidationReport | None = None


def _load_failures(cfg: DataConfig, base_dir: Path, error: Exception) -> list[CheckResult]:
    results = []
    if len(cfg.sources) > 1:
        for index, source in enumerate(cfg.sources):
            try:
                prepare_documents(cfg.model_copy(update={"sources": [source]}), base_dir)
            except (ValueError, OSError) as exc:
                text = str(exc)
                if text.startswith("data.sources[0]"):
                    text = f"data.sources[{index}]" + text.removeprefix("data.sources[0]")
                results.append(failed("dataset.load", text, source=source.path))
    return results or [failed("dataset.load", str(error))]


def validate_dataset(cfg: DataConfig, base_dir: Path) -> DatasetValidation:
    """Load the configured sources and check the documents (see the module docstring).

    Args:
        cfg: The data section of the config.
        base_dir: Folder relative source paths resolve against (the working directory of
            the pipeline).

    Returns:
        The results; a source that cannot be read gives one ``dataset.load`` failure each.
    """
    labels = tuple(cfg.labels or CANONICAL_LABELS)
    lenient = cfg.model_copy(
        update={"overlap_policy": _lenient(cfg.overlap_policy), "unknown_labels": "drop"}
    )
    try:
        prepared: PreparedDocuments = prepare_documents(
            lenient, base_dir, max_examples=_ALL_EXAMPLES
        )
    except (ValueError, OSError) as exc:
        return DatasetValidation(_load_failures(lenient, base_dir, exc), None, labels)
    sources = [
        {"path": info.path, "resolved": info.resolved, "format": info.format, "docs": info.n_docs}
        for info in prepared.sources
    ]
    total = sum(info.n_docs for info in prepared.sources)
    loaded = passed(
        "dataset.load", f"read {total} document(s) from {len(sources)} source(s)", sources=sources
    )
    graded = grade_report(
        prepared.report,
        prepared.documents,
        labels,
        overlap_policy=cfg.overlap_policy,
        unknown_labels=cfg.unknown_labels,
    )
    return DatasetValidation([loaded, *graded], prepared.documents, labels, prepared.report)
