"""The final report of ``resume-ner run`` on the terminal: rich tables and the next command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.markdown import number
from resume_ner.reporting.markdown import (
    DOCUMENTS_HEADER,
    LABEL_HEADER,
    LATENCY_HEADER,
    PARITY_HEADER,
    document_rows,
    label_rows,
    latency_rows,
    parity_rows,
    span_scores,
    stage_seconds,
    trials_text,
)
from resume_ner.reporting.sections import NOT_RUN

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from resume_ner.reporting.sections import RunReport


FILE_WIDTH = 200
"""Columns of a console whose output is not a terminal (files, pipes, CI logs)."""


def stdout_console() -> Console:
    """A rich console on stdout: the terminal's width, else :data:`FILE_WIDTH` columns."""
    import sys

    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else FILE_WIDTH)


def _table(
    title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = ""
) -> Table:
    """A rich table; ``align`` has one ``l``/``r`` per column (default: first left)."""
    from rich.table import Table

    shape = align or "l" + "r" * (len(header) - 1)
    table = Table(title=title, title_justify="left", header_style="bold")
    for name, side in zip(header, shape, strict=True):
        table.add_column(name, justify="left" if side == "l" else "right", overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return table


def _line(console: Console, label: str, text: str, style: str = "", prose: bool = False) -> None:
    """``label: text``; one line never wrapped (paths and commands stay copyable) unless
    ``prose``, which wraps at the console's width."""
    from rich.text import Text

    console.print(Text.assemble((f"{label}: ", "bold"), (text, style)), soft_wrap=not prose)


def _summary(console: Console, report: RunReport) -> None:
    """Dataset, search and chosen configuration, one line each."""
    if report.data is not None:
        splits = ", ".join(f"{k} {v}" for k, v in report.data.splits.items())
        _line(console, "dataset", f"{report.data.name} ({report.data.data_fp[:8]}): {splits}")
    hpo = report.hpo
    if hpo is not None:
        trial = "" if hpo.best_trial is None else f" (trial {hpo.best_trial})"
        _line(console, "hpo", f"{trials_text(hpo)}; best span-F1 {number(hpo.best_value)}{trial}")
    chosen = report.selection
    if chosen is not None:
        params = ", ".join(f"{k}={v}" for k, v in sorted(chosen.params.items())) or "none"
        _line(console, "chosen", f"{chosen.chosen} ({chosen.metric} {number(chosen.score)})")
        _line(console, "why", chosen.reason, prose=True)
        _line(console, "params", params)


def _scores(console: Console, report: RunReport) -> None:
    """Test scores, parity and latency tables of the stages that ran."""
    training, parity, bench = report.training, report.parity, report.benchmark
    if training is not None and training.test:
        _line(console, "test span", span_scores(training.test))
    if training is not None and training.labels:
        console.print(_table("Test scores per label", LABEL_HEADER, label_rows(training)))
    if parity is not None:
        verdict = "passed" if parity.passed else "FAILED"
        title = (
            f"ONNX parity {verdict} ({parity.documents} documents, "
            f"PyTorch span-F1 {number(parity.reference_f1)})"
        )
        console.print(_table(title, PARITY_HEADER, parity_rows(parity, files=False), "lrrrl"))
        for variant in parity.variants:
            for failure in variant.failures:
                _line(console, f"parity {variant.name}", failure, "red")
    if bench is not None:
        console.print(_table("Latency", LATENCY_HEADER, latency_rows(bench)))
        if bench.documents:
            console.print(_table("Whole documents", DOCUMENTS_HEADER, document_rows(bench)))


def print_run_report(console: Console, report: RunReport, path: Path) -> None:
    """Print the stages, scores, parity, latency, paths, serve command and ``report.md``."""
    rows = [[s.stage, s.state, stage_seconds(s.seconds)] for s in report.stages]
    console.print(_table("Stages", ["stage", "state", "seconds"], rows, "llr"))
    _summary(console, report)
    _scores(console, report)
    for label, value in report.artifacts.items():
        _line(console, label, value or NOT_RUN, "" if value else "dim")
    for note in report.notes:
        _line(console, "note", note, "yellow", prose=True)
    if report.serve_command is not None:
        _line(console, "serve it", report.serve_command, "bold green")
    else:
        _line(console, "serve it", "no model produced by this run", "dim")
    _line(console, "report", str(path))
