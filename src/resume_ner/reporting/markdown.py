"""The run report as markdown: stages, data, search, selection, test scores, parity, latency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import Stage
from resume_ner.reporting.cells import (
    DOCUMENTS_HEADER,
    LABEL_HEADER,
    LATENCY_HEADER,
    document_rows,
    label_rows,
    latency_rows,
    number,
    span_scores,
)
from resume_ner.reporting.plots import CURVES_FILE, LABELS_FILE, LATENCY_FILE

if TYPE_CHECKING:
    from resume_ner.run_report import RunReport

NOT_RUN_TEXT = "_not run_"
UNREADABLE_TEXT = "_ran, but its results could not be read (see Notes)_"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> list[str]:
    """A markdown table; ``align`` has one ``l``/``r`` per column (default: first left)."""
    shape = align or "l" + "r" * (len(header) - 1)
    rule = ["---" if side == "l" else "---:" for side in shape]
    lines = [f"| {' | '.join(header)} |", f"| {' | '.join(rule)} |"]
    lines += [f"| {' | '.join(str(cell) for cell in row)} |" for row in rows]
    return lines


def _absent(report: RunReport, stage: Stage) -> list[str]:
    """The text of a section whose stage did not run, or ran but could not be read."""
    return [NOT_RUN_TEXT if report.stage(stage).state == "not run" else UNREADABLE_TEXT]


def _stages(report: RunReport) -> list[str]:
    rows = [
        [s.stage, s.state, "-" if s.seconds is None else f"{s.seconds:.1f}", s.folder or "-"]
        for s in report.stages
    ]
    return _table(["stage", "state", "seconds", "folder"], rows, "llrl")


def _data(report: RunReport) -> list[str]:
    data = report.data
    if data is None:
        return _absent(report, Stage.DATA)
    splits = ", ".join(f"{name} {count}" for name, count in data.splits.items())
    return [
        f"- dataset `{data.name}` (data_fp `{data.data_fp[:8]}`), {data.labels} labels",
        f"- documents: {splits}",
        f"- folder: `{data.folder}`",
    ]


def _hpo(report: RunReport) -> list[str]:
    hpo = report.hpo
    if hpo is None:
        return _absent(report, Stage.HPO)
    counts = ", ".join(f"{state.lower()} {n}" for state, n in hpo.counts.items())
    best = "no completed trial"
    if hpo.best_value is not None:
        trial = "" if hpo.best_trial is None else f" (trial {hpo.best_trial})"
        best = f"best validation span-F1 {number(hpo.best_value)}{trial}"
    lines = [f"- study `{hpo.study}`: {hpo.trials} trials" + (f" ({counts})" if counts else "")]
    lines.append(f"- {best}")
    if hpo.source == "stage":
        lines.append("- trial states: unknown (the study storage could not be read)")
    return lines


def _params(params: Mapping[str, Any]) -> str:
    return ", ".join(f"`{key}={value}`" for key, value in sorted(params.items())) or "none"


def _selection(report: RunReport) -> list[str]:
    chosen = report.selection
    if chosen is None:
        return _absent(report, Stage.SELECT)
    return [
        f"- chosen: {chosen.chosen} ({chosen.metric} {number(chosen.score)}, "
        f"{chosen.candidates} candidates)",
        f"- why: {chosen.reason}",
        f"- params: {_params(chosen.params)}",
        f"- file: `{chosen.path}`",
    ]


def _training(report: RunReport, plots: Mapping[str, Path]) -> list[str]:
    training = report.training
    if training is None:
        return _absent(report, Stage.TRAIN)
    test = training.test
    lines = [f"- model: `{training.model_dir}`"]
    if training.best_epoch is not None:
        lines.append(f"- best epoch {training.best_epoch}" + (", refit" if training.refit else ""))
    if not test:
        lines.append("- no test documents: the test split is empty")
    else:
        lines.append(f"- span {span_scores(test)}")
    rows = label_rows(training)
    if rows:
        lines += ["", *_table(list(LABEL_HEADER), rows)]
    if "labels" in plots:
        lines += ["", f"![test span-F1 per label]({LABELS_FILE})"]
    lines += ["", "### Training curves", ""]
    if "curves" in plots:
        lines.append(f"![train loss and validation span-F1 per epoch]({CURVES_FILE})")
    else:
        lines.append("_no per-epoch history recorded_")
    return lines


def _parity(report: RunReport) -> list[str]:
    parity = report.parity
    if parity is None:
        return _absent(report, Stage.CONVERT)
    verdict = "passed" if parity.passed else "FAILED"
    lines = [
        f"- parity {verdict} on {parity.documents} documents; "
        f"PyTorch span-F1 {number(parity.reference_f1)}",
        "",
    ]
    rows = [
        [
            v.name,
            v.file,
            f"{v.max_abs_logit_diff:.3g}",
            number(v.span_f1),
            number(v.span_f1_delta),
            "yes" if v.passed else "no: " + "; ".join(v.failures),
        ]
        for v in parity.variants
    ]
    header = ["variant", "file", "max abs logit diff", "span-F1", "F1 delta", "passed"]
    return lines + _table(header, rows, "llrrrl")


def _latency(report: RunReport, plots: Mapping[str, Path]) -> list[str]:
    bench = report.benchmark
    if bench is None:
        return _absent(report, Stage.BENCH)
    lines = _table(LATENCY_HEADER, latency_rows(bench))
    if bench.documents:
        lines += ["", "Whole documents:", "", *_table(DOCUMENTS_HEADER, document_rows(bench))]
    if bench.skipped:
        lines += ["", *(f"- not measured: {item}" for item in bench.skipped)]
    if "latency" in plots:
        lines += ["", f"![p50 latency vs batch size]({LATENCY_FILE})"]
    lines += ["", f"Full benchmark: `{bench.markdown or bench.folder}`"]
    return lines


def _artifacts(report: RunReport) -> list[str]:
    found = report.artifacts
    items = [
        ("model", found.model),
        ("conversion", found.conversion),
        ("ONNX", found.onnx),
        ("int8 ONNX", found.onnx_int8),
    ]
    return [f"- {name}: " + (f"`{path}`" if path else NOT_RUN_TEXT) for name, path in items]


def _next(report: RunReport) -> list[str]:
    if report.serve_command is None:
        return ["_no model produced by this run: run the train or convert stage_"]
    return ["```bash", report.serve_command, "```"]


def render_markdown(report: RunReport, plots: Mapping[str, Path]) -> str:
    """The whole report; ``plots`` (name -> file) are linked by their file names."""
    sections = [
        ("Stages", _stages(report)),
        ("Dataset", _data(report)),
        ("Hyperparameter search", _hpo(report)),
        ("Selected configuration", _selection(report)),
        ("Final model on the test split", _training(report, plots)),
        ("ONNX parity", _parity(report)),
        ("Latency", _latency(report, plots)),
        ("Artifacts", _artifacts(report)),
        ("Serve it", _next(report)),
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
