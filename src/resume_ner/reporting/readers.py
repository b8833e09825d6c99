"""Readers of each stage's written files into the sections of the run report.

Each reader takes the folder its stage reported and raises when the files there are missing
or malformed; :func:`~resume_ner.reporting.run.build_run_report` turns that into a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import Stage, files
from resume_ner.reporting.sections import (
    BenchmarkSummary,
    DataSummary,
    DocumentRate,
    EpochPoint,
    HpoSummary,
    LabelScore,
    LatencyRow,
    ParitySummary,
    ParityVariant,
    SelectionSummary,
    TrainingSummary,
)

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def read_data(folder: Path) -> DataSummary:
    """The dataset manifest of the data stage's ``folder``."""
    from resume_ner.data.assets import DatasetManifest

    manifest = DatasetManifest.load(folder)
    splits = {name: stats.documents for name, stats in manifest.splits.items()}
    return DataSummary(manifest.name, manifest.data_fp, str(folder), splits, len(manifest.labels))


def read_study(config: ResumeNerConfig, layout: OutputLayout) -> HpoSummary:
    """The study ``hpo.study_name`` read from its storage."""
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


def hpo_from_facts(config: ResumeNerConfig, facts: Mapping[str, Any]) -> HpoSummary | None:
    """The HPO stage's own facts (trials, best value) when the study cannot be read."""
    if "trials" not in facts:
        return None
    best = _optional(facts.get("best_span_f1"))
    study = str(facts.get("study", config.hpo.study_name))
    return HpoSummary(study, int(facts["trials"]), {}, best, None, {}, "stage")


def read_selection(folder: Path) -> SelectionSummary:
    """``selection.json`` in the select stage's ``folder``."""
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


def read_parity(folder: Path) -> ParitySummary:
    """``parity.json`` (and the source model from ``metadata.json``) of a conversion folder."""
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


def read_benchmark(folder: Path) -> BenchmarkSummary:
    """``benchmark.json`` of a benchmark folder."""
    from resume_ner.evaluation.benchmarking import load_report
    from resume_ner.evaluation.benchmarking.report import MARKDOWN_FILE

    report = load_report(folder)
    keys = ("p95_ms", "p99_ms", "windows_per_s")
    latency = [
        LatencyRow(
            str(c["backend"]),
            int(c["batch_size"]),
            int(c["seq_len"]),
            float(c["p50_ms"]),
            *(c.get(key) for key in keys),
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
    skipped += [f"length {c['seq_len']}: {c['reason']}" for c in report.get("skipped_cells", [])]
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


def _run_dir(model_dir: Path) -> Path:
    """The variant folder (with a train ``metadata.json``) holding ``model_dir``."""
    from resume_ner.infrastructure.metadata import read_metadata

    for candidate in (model_dir, *model_dir.parents[:3]):
        meta = candidate / files.METADATA_FILE
        if meta.is_file() and read_metadata(candidate).stage == Stage.TRAIN:
            return candidate
    raise FileNotFoundError(f"no training {files.METADATA_FILE} at or above {model_dir}")


def _label_scores(
    test: Mapping[str, float], per_label: Mapping[str, Mapping[str, Any]] | None = None
) -> list[LabelScore]:
    """Per-label rows, sorted by label: from ``test_per_label`` (precision, recall, F1,
    support) when recorded, else from the flat ``span_f1/<LABEL>`` test metrics (F1 only)."""
    if per_label:
        return [
            LabelScore(
                str(label),
                float(row["f1"]),
                _optional(row.get("precision")),
                _optional(row.get("recall")),
                None if row.get("support") is None else int(row["support"]),
            )
            for label, row in sorted(per_label.items())
        ]
    prefix = "span_f1/"
    return [
        LabelScore(key.removeprefix(prefix), float(value))
        for key, value in sorted(test.items())
        if key.startswith(prefix)
    ]


def _history(rows: Any) -> list[EpochPoint]:
    return [
        EpochPoint(
            int(row["epoch"]), _optional(row.get("train_loss")), _optional(row.get("span_f1"))
        )
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, Mapping) and "epoch" in row
    ]


def read_training(model_dir: Path) -> TrainingSummary:
    """Test scores from the variant's ``metadata.json``, history from its ``metrics.json``."""
    from resume_ner.common.shared import read_json
    from resume_ner.infrastructure.metadata import read_metadata
    from resume_ner.training.execution.result import METRICS_FILE

    run_dir = _run_dir(model_dir)
    meta = read_metadata(run_dir)
    test = {k: float(v) for k, v in dict(meta.metrics.get("test") or {}).items()}
    per_label = meta.metrics.get("test_per_label")
    metrics_file = run_dir / METRICS_FILE
    history = _history(read_json(metrics_file).get("history")) if metrics_file.is_file() else []
    best = meta.metrics.get("best_epoch")
    return TrainingSummary(
        model_dir=str(model_dir),
        run_dir=str(run_dir),
        variant=int(meta.extra["variant"]) if "variant" in meta.extra else None,
        best_epoch=int(best) if isinstance(best, int | float) else None,
        refit=bool(meta.extra.get("refit", False)),
        test={k: v for k, v in test.items() if "/" not in k},
        labels=_label_scores(test, per_label if isinstance(per_label, Mapping) else None),
        history=history,
    )
