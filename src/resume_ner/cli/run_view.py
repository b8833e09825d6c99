"""The final report of ``resume-ner run`` on the terminal: rich tables and the next command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from resume_ner.run_report import RunReport

NOT_RUN = "not run"


def _table(
    title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = ""
) -> Table:
    """A rich table; ``align`` has one ``l``/``r`` per column (default: first left)."""
    from rich.table import Table

    shape = align or "l" + "r" * (len(header) - 1)
    table = Table(title=title, title_justify="left", header_style="bold")
    for name, side in zip(header, shape, strict=True):
        table.add_column(name, justify="left" if side == "l" else "right")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return table


def _line(console: Console, label: str, text: str, style: str = "") -> None:
    """``label: text`` on one line, never wrapped (paths and commands stay copyable)."""
    from rich.text import Text

    console.print(Text.assemble((f"{label}: ", "bold"), (text, style)), soft_wrap=True)


def _stages(console: Console, report: RunReport) -> None:
    rows = [
        [s.stage, s.state, "-" if s.seconds is None else f"{s.seconds:.1f}"] for s in report.stages
    ]
    console.print(_table("Stages", ["stage", "state", "seconds"], rows, "llr"))


def _search(console: Console, report: RunReport) -> None:
    if report.data is not None:
        splits = ", ".join(f"{k} {v}" for k, v in report.data.splits.items())
        _line(console, "dataset", f"{report.data.name} ({report.data.data_fp[:8]}): {splits}")
    hpo = report.hpo
    if hpo is not None:
        counts = ", ".join(f"{k.lower()} {v}" for k, v in hpo.counts.items())
        trial = "" if hpo.best_trial is None else f" (trial {hpo.best_trial})"
        text = f"study {hpo.study}: {hpo.trials} trials" + (f" ({counts})" if counts else "")
        _line(console, "hpo", f"{text}; best span-F1 {number(hpo.best_value)}{trial}")
    chosen = report.selection
    if chosen is not None:
        params = ", ".join(f"{k}={v}" for k, v in sorted(chosen.params.items())) or "none"
        _line(console, "chosen", f"{chosen.chosen} ({chosen.metric} {number(chosen.score)})")
        _line(console, "why", chosen.reason)
        _line(console, "params", params)


def _training(console: Console, report: RunReport) -> None:
    training = report.training
    if training is None:
        return
    if training.test:
        _line(console, "test span", span_scores(training.test))
    rows = label_rows(training)
    if rows:
        console.print(_table("Test scores per label", list(LABEL_HEADER), rows))


def _parity(console: Console, report: RunReport) -> None:
    parity = report.parity
    if parity is None:
        return
    rows = [
        [
            v.name,
            f"{v.max_abs_logit_diff:.3g}",
            number(v.span_f1),
            number(v.span_f1_delta),
            "yes" if v.passed else "no",
        ]
        for v in parity.variants
    ]
    verdict = "passed" if parity.passed else "FAILED"
    title = (
        f"ONNX parity {verdict} ({parity.documents} documents, "
        f"PyTorch span-F1 {number(parity.reference_f1)})"
    )
    header = ["variant", "max |logit diff|", "span-F1", "F1 delta", "passed"]
    console.print(_table(title, header, rows, "lrrrl"))
    for variant in parity.variants:
        for failure in variant.failures:
            _line(console, f"parity {variant.name}", failure, "red")


def _latency(console: Console, report: RunReport) -> None:
    bench = report.benchmark
    if bench is None:
        return
    console.print(_table("Latency", LATENCY_HEADER, latency_rows(bench)))
    if bench.documents:
        console.print(_table("Whole documents", DOCUMENTS_HEADER, document_rows(bench)))


def _paths(console: Console, report: RunReport, path: Path) -> None:
    found = report.artifacts
    for label, value in (
        ("model", found.model),
        ("conversion", found.conversion),
        ("onnx", found.onnx),
        ("onnx int8", found.onnx_int8),
    ):
        _line(console, label, value or NOT_RUN, "" if value else "dim")
    for note in report.notes:
        _line(console, "note", note, "yellow")
    if report.serve_command is not None:
        _line(console, "serve it", report.serve_command, "bold green")
    else:
        _line(console, "serve it", "no model produced by this run", "dim")
    _line(console, "report", str(path))


def print_run_report(console: Console, report: RunReport, path: Path) -> None:
    """Print the stages, scores, parity, latency, paths, serve command and ``report.md``."""
    _stages(console, report)
    _search(console, report)
    _training(console, report)
    _parity(console, report)
    _latency(console, report)
    _paths(console, report, path)
