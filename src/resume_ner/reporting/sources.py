"""Readers of each stage's written files into the sections of the run report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from resume_ner.common.constants import Stage, files
from resume_ner.reporting.sections import (
    BenchmarkSummary,
    DataSummary,
    DocumentRate,
    HpoSummary,
    LatencyRow,
    ParitySummary,
    ParityVariant,
    SelectionSummary,
)

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


def guard(what: str, notes: list[str], read: Callable[[], _T]) -> _T | None:
    """``read()``, or ``None`` with a note when its files are missing or malformed."""
    try:
        return read()
    except Exception as exc:  # the report must be written whatever one stage left behind
        note = f"{what}: {exc}"
        logger.warning("run report: %s", note)
        notes.append(note)
        return None


def missing(stage: Stage, notes: list[str]) -> None:
    """Note that ``stage`` ran without reporting the folder its files are in."""
    notes.append(f"{stage.value}: the stage ran but reported no output folder")


def read_data(folder: Path | None, notes: list[str]) -> DataSummary | None:
    """The dataset manifest of the data stage's ``folder``."""
    if folder is None:
        missing(Stage.DATA, notes)
        return None

    def read() -> DataSummary:
        from resume_ner.data.assets import DatasetManifest

        manifest = DatasetManifest.load(folder)
        splits = {name: stats.documents for name, stats in manifest.splits.items()}
        return DataSummary(
            manifest.name, manifest.data_fp, str(folder), splits, len(manifest.labels)
        )

    return guard(f"dataset manifest in {folder}", notes, read)


def _hpo_from_facts(config: ResumeNerConfig, facts: Mapping[str, Any]) -> HpoSummary | None:
    if "trials" not in facts:
        return None
    best = facts.get("best_span_f1")
    return HpoSummary(
        str(facts.get("study", config.hpo.study_name)),
        int(facts["trials"]),
        {},
        None if best is None else float(best),
        None,
        {},
        "stage",
    )


def read_hpo(
    config: ResumeNerConfig, layout: OutputLayout, facts: Mapping[str, Any], notes: list[str]
) -> HpoSummary | None:
    """The study ``hpo.study_name`` read from its storage (the stage's facts as a fallback)."""

    def read() -> HpoSummary:
        from resume_ner.evaluation.selection.candidates import load_studies
        from resume_ner.training.hpo.storage import resolve_storage_url

        url = resolve_storage_url(config.hpo, layout)
        study = load_studies(url, [config.hpo.study_name])[0]
        best = study.best
        return HpoSummary(
            study.study_name,
            len(study.trials),
            dict(sorted(study.counts().items())),
            None if best is None else best.value,
            None if best is None else best.number,
            {} if best is None else dict(best.params),
            "study",
        )

    summary = guard(f"study {config.hpo.study_name!r}", notes, read)
    return summary if summary is not None else _hpo_from_facts(config, facts)


def read_selection(folder: Path | None, notes: list[str]) -> SelectionSummary | None:
    """``selection.json`` in the select stage's ``folder``."""
    if folder is None:
        missing(Stage.SELECT, notes)
        return None

    def read() -> SelectionSummary:
        from resume_ner.evaluation.selection.io import load_selection

        result = load_selection(folder)
        return SelectionSummary(
            result.chosen.label,
            result.chosen.score,
            result.metric,
            dict(result.params),
            result.reason,
            len(result.score_table),
            str(folder / files.SELECTION_FILE),
        )

    return guard(f"selection in {folder}", notes, read)


def _variant(name: str, data: Mapping[str, Any]) -> ParityVariant:
    return ParityVariant(
        name,
        str(data["file"]),
        bool(data["passed"]),
        float(data["logits"]["max_abs_diff"]),
        float(data["span_f1"]),
        float(data["span_f1_delta"]),
        [str(failure) for failure in data.get("failures", [])],
    )


def read_parity(folder: Path | None, notes: list[str]) -> ParitySummary | None:
    """``parity.json`` (and the source model from ``metadata.json``) of a conversion folder."""
    if folder is None:
        missing(Stage.CONVERT, notes)
        return None

    def read() -> ParitySummary:
        from resume_ner.common.shared import read_json
        from resume_ner.infrastructure.metadata import read_metadata

        parity = read_json(folder / files.PARITY_FILE)
        source = None
        if (folder / files.METADATA_FILE).is_file():
            source = read_metadata(folder).extra.get("source", {}).get("model_folder")
        return ParitySummary(
            folder=str(folder),
            passed=bool(parity["passed"]),
            documents=int(parity["documents"]),
            reference_f1=float(parity["pytorch_span_f1"]),
            variants=[_variant(name, data) for name, data in parity["variants"].items()],
            source_model=None if source is None else str(source),
        )

    return guard(f"parity of {folder}", notes, read)


def read_benchmark(folder: Path | None, notes: list[str]) -> BenchmarkSummary | None:
    """``benchmark.json`` of a benchmark folder."""
    if folder is None:
        missing(Stage.BENCH, notes)
        return None

    def read() -> BenchmarkSummary:
        from resume_ner.evaluation.benchmarking import load_report
        from resume_ner.evaluation.benchmarking.outputs import MARKDOWN_FILE

        report = load_report(folder)
        latency = [
            LatencyRow(
                str(c["backend"]),
                int(c["batch_size"]),
                int(c["seq_len"]),
                float(c["p50_ms"]),
                c.get("p95_ms"),
                c.get("p99_ms"),
                c.get("windows_per_s"),
            )
            for c in report["cells"]
        ]
        rates = [
            DocumentRate(str(d["backend"]), int(d["documents"]), d.get("documents_per_s"))
            for d in report.get("documents", [])
        ]
        skipped = [
            f"backend {run['backend']}: {run.get('reason')}"
            for run in report.get("backends", [])
            if run.get("status") == "skipped"
        ]
        skipped += [
            f"length {c['seq_len']}: {c['reason']}" for c in report.get("skipped_cells", [])
        ]
        markdown = folder / MARKDOWN_FILE
        model = report.get("model", {}).get("folder")
        return BenchmarkSummary(
            str(folder),
            str(markdown) if markdown.is_file() else None,
            None if model is None else str(model),
            latency,
            rates,
            skipped,
        )

    return guard(f"benchmark in {folder}", notes, read)
