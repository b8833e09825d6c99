"""The run report as markdown, and the rows and texts the terminal view shares with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from resume_ner.common.constants import Stage
from resume_ner.common.shared.markdown import markdown_table, number
from resume_ner.reporting.plots import CURVES_FILE, LABELS_FILE, LATENCY_FILE
from resume_ner.reporting.sections import (
    NOT_RUN,
    BenchmarkSummary,
    DataSummary,
    HpoSummary,
    ParitySummary,
    RunReport,
    SelectionSummary,
    TrainingSummary,
)

LATENCY_HEADER = ("backend", "batch", "tokens", "p50 ms", "p95 ms", "p99 ms", "windows/s")
"""Columns of the latency table."""
DOCUMENTS_HEADER = ("backend", "documents", "docs/s")
"""Columns of the whole-document throughput table."""
LABEL_HEADER = ("label", "precision", "recall", "F1", "support")
"""Columns of the per-label test score table."""
PARITY_HEADER = ("variant", "max abs logit diff", "span-F1", "F1 delta", "passed")
"""Columns of the parity table (the markdown one adds the file after the variant)."""
NOT_RUN_TEXT = "_not run_"
UNREADABLE_TEXT = "_ran, but its results could not be read (see Notes)_"
NO_MODEL_TEXT = "_no model produced by this run: run the train or convert stage_"

_S = TypeVar("_S")


def _or_dash(value: Any) -> Any:
    return "-" if value is None else value


def latency_rows(bench: BenchmarkSummary) -> list[list[Any]]:
    """One row per backend x batch x length, in :data:`LATENCY_HEADER` order."""
    return [
        [
            r.backend,
            r.batch_size,
            r.seq_len,
            *(number(value, 2) for value in (r.p50_ms, r.p95_ms, r.p99_ms)),
            number(r.windows_per_s, 1),
        ]
        for r in bench.latency
    ]


def document_rows(bench: BenchmarkSummary) -> list[list[Any]]:
    """One row per backend, in :data:`DOCUMENTS_HEADER` order."""
    return [[d.backend, d.documents, number(d.documents_per_s, 2)] for d in bench.documents]


def span_scores(test: Mapping[str, Any]) -> str:
    """``precision P, recall R, F1 F`` of a test metrics mapping."""
    return (
        f"precision {number(test.get('span_precision'))}, recall "
        f"{number(test.get('span_recall'))}, F1 {number(test.get('span_f1'))}"
    )


def label_rows(training: TrainingSummary) -> list[list[Any]]:
    """One row per label, in :data:`LABEL_HEADER` order."""
    return [
        [
            r.label,
            *map(number, (r.precision, r.recall, r.f1)),
            "-" if r.support is None else r.support,
        ]
        for r in training.labels
    ]


def parity_rows(parity: ParitySummary, *, files: bool) -> list[list[Any]]:
    """One row per variant in :data:`PARITY_HEADER` order; ``files`` adds each variant's file
    and its failures after ``no``."""
    return [
        [
            v.name,
            *([v.file] if files else []),
            f"{v.max_abs_logit_diff:.3g}",
            number(v.span_f1),
            number(v.span_f1_delta),
            "yes" if v.passed else ("no: " + "; ".join(v.failures) if files else "no"),
        ]
        for v in parity.variants
    ]


def stage_seconds(seconds: float | None) -> str:
    """A stage's duration to a tenth of a second, ``-`` when unknown."""
    return "-" if seconds is None else f"{seconds:.1f}"


def trials_text(hpo: HpoSummary, quote: str = "") -> str:
    """``study S: N trials (complete C, pruned P)``, the study's name between ``quote``."""
    counts = ", ".join(f"{state.lower()} {n}" for state, n in hpo.counts.items())
    text = f"study {quote}{hpo.study}{quote}: {hpo.trials} trials"
    return text + (f" ({counts})" if counts else "")


def _stages(report: RunReport) -> list[str]:
    rows = [[s.stage, s.state, stage_seconds(s.seconds), s.folder or "-"] for s in report.stages]
    return markdown_table(["stage", "state", "seconds", "folder"], rows, "llrl")


def _data(data: DataSummary) -> list[str]:
    splits = ", ".join(f"{name} {count}" for name, count in data.splits.items())
    return [
        f"- dataset `{data.name}` (data_fp `{data.data_fp[:8]}`), {data.labels} labels",
        f"- documents: {splits}",
        f"- folder: `{data.folder}`",
    ]


def _hpo(hpo: HpoSummary) -> list[str]:
    best = "no completed trial"
    if hpo.best_value is not None:
        trial = "" if hpo.best_trial is None else f" (trial {hpo.best_trial})"
        best = f"best validation span-F1 {number(hpo.best_value)}{trial}"
    lines = [f"- {trials_text(hpo, '`')}", f"- {best}"]
    if hpo.source == "stage":
        lines.append("- trial states: unknown (the study storage could not be read)")
    return lines


def _selection(chosen: SelectionSummary) -> list[str]:
    params = ", ".join(f"`{key}={value}`" for key, value in sorted(chosen.params.items()))
    return [
        f"- chosen: {chosen.chosen} ({chosen.metric} {number(chosen.score)}, "
        f"{chosen.candidates} candidates)",
        f"- why: {chosen.reason}",
        f"- params: {params or 'none'}",
        f"- file: `{chosen.path}`",
    ]


def _training(training: TrainingSummary, plots: Mapping[str, Path]) -> list[str]:
    lines = [f"- model: `{training.model_dir}`"]
    if training.best_epoch is not None:
        lines.append(f"- best epoch {training.best_epoch}" + (", refit" if training.refit else ""))
    if not training.test:
        lines.append("- no test documents: the test split is empty")
    else:
        lines.append(f"- span {span_scores(training.test)}")
    if training.labels:
        lines += ["", *markdown_table(LABEL_HEADER, label_rows(training))]
    if "labels" in plots:
        lines += ["", f"![test span-F1 per label]({LABELS_FILE})"]
    lines += ["", "### Training curves", ""]
    if "curves" in plots:
        lines.append(f"![train loss and validation span-F1 per epoch]({CURVES_FILE})")
    else:
        lines.append("_no per-epoch history recorded_")
    return lines


def _parity(parity: ParitySummary) -> list[str]:
    verdict = "passed" if parity.passed else "FAILED"
    header = [PARITY_HEADER[0], "file", *PARITY_HEADER[1:]]
    return [
        f"- parity {verdict} on {parity.documents} documents; "
        f"PyTorch span-F1 {number(parity.reference_f1)}",
        "",
        *markdown_table(header, parity_rows(parity, files=True), "llrrrl"),
    ]


def _latency(bench: BenchmarkSummary, plots: Mapping[str, Path]) -> list[str]:
    lines = markdown_table(LATENCY_HEADER, latency_rows(bench))
    if bench.documents:
        documents = markdown_table(DOCUMENTS_HEADER, document_rows(bench))
        lines += ["", "Whole documents:", "", *documents]
    if bench.skipped:
        lines += ["", *(f"- not measured: {item}" for item in bench.skipped)]
    if "latency" in plots:
        lines += ["", f"![p50 latency vs batch size]({LATENCY_FILE})"]
    lines += ["", f"Full benchmark: `{bench.markdown or bench.folder}`"]
    return lines


def render_markdown(report: RunReport, plots: Mapping[str, Path]) -> str:
    """The whole report; ``plots`` (name -> file) are linked by their file names. A section
    whose stage did not run says so, one whose files could not be read points to the notes."""

    def section(stage: Stage, value: _S | None, render: Callable[[_S], list[str]]) -> list[str]:
        if value is not None:
            return render(value)
        return [NOT_RUN_TEXT if report.stage(stage).state == NOT_RUN else UNREADABLE_TEXT]

    serve = ["```bash", report.serve_command, "```"] if report.serve_command else [NO_MODEL_TEXT]
    sections = [
        ("Stages", _stages(report)),
        ("Dataset", section(Stage.DATA, report.data, _data)),
        ("Hyperparameter search", section(Stage.HPO, report.hpo, _hpo)),
        ("Selected configuration", section(Stage.SELECT, report.selection, _selection)),
        (
            "Final model on the test split",
            section(Stage.TRAIN, report.training, partial(_training, plots=plots)),
        ),
        ("ONNX parity", section(Stage.CONVERT, report.parity, _parity)),
        ("Latency", section(Stage.BENCH, report.benchmark, partial(_latency, plots=plots))),
        (
            "Artifacts",
            [f"- {k}: " + (f"`{v}`" if v else NOT_RUN_TEXT) for k, v in report.artifacts.items()],
        ),
        ("Serve it", serve),
    ]
    if report.notes:
        sections.append(("Notes", [f"- {note}" for note in report.notes]))
    lines = [
        f"# resume-ner run {report.run_id}",
        "",
        f"Created {report.created_at}; output root `{report.output_root}`.",
    ]
    for title, body in sections:
        lines += ["", f"## {title}", "", *body]
    return "\n".join(lines) + "\n"
