"""``resume-ner select``: choose the configuration to train from one or several studies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured

if TYPE_CHECKING:
    from resume_ner.evaluation.selection import SelectionOutput

app = typer.Typer(
    help="Choose the configuration to train: the fastest trial whose span-F1 is within "
    "selection.tolerance of the best, across the given studies."
)

_STUDY_HELP = "Study to compare (repeatable; default selection.studies, else hpo.study_name)."
_STORAGE_HELP = "SQLAlchemy URL of the studies (default hpo.storage or the embedded SQLite)."
_LATENCY_HELP = "Benchmark latency of a backbone as BACKBONE=MS (repeatable)."


def parse_latencies(items: list[str] | None) -> dict[str, float]:
    """``["minilm=12.5"]`` -> ``{"minilm": 12.5}``.

    Raises:
        ValueError: Naming the malformed item.
    """
    latencies: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.rpartition("=")
        try:
            milliseconds = float(value)
        except ValueError:
            milliseconds = -1.0
        if not sep or not name or milliseconds < 0:
            example = "e.g. minilm=12.5"
            raise ValueError(f"--latency {item!r}: expected BACKBONE=MILLISECONDS, {example}")
        latencies[name] = milliseconds
    return latencies


@app.callback(invoke_without_command=True)
def select(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    studies: Annotated[list[str] | None, typer.Option("--study", help=_STUDY_HELP)] = None,
    storage: Annotated[str | None, typer.Option("--storage", help=_STORAGE_HELP)] = None,
    latency: Annotated[list[str] | None, typer.Option("--latency", help=_LATENCY_HELP)] = None,
) -> None:
    """Print and write (selection.json) the chosen configuration and why it was chosen."""
    from resume_ner.evaluation.selection import run_selection
    from resume_ner.infrastructure.tracking import make_tracker

    cfg, layout = configured(config, overrides)
    with clean_errors():
        tracker = make_tracker(cfg.tracking, layout.root)
        output = run_selection(
            cfg,
            layout,
            tracker,
            studies=studies or (),
            storage=storage,
            latencies=parse_latencies(latency),
        )
    print_selection(output)


def print_selection(output: SelectionOutput) -> None:
    """Print the score table, the chosen params, the reason and the file written."""
    from rich.table import Table

    result = output.result
    table = Table(title=f"candidates ({', '.join(output.studies)})")
    for column in ("study", "trial", result.metric, "latency ms", "params", "within", "chosen"):
        table.add_column(column)
    for row in result.score_table:
        table.add_row(
            str(row["study"]),
            str(row["trial"]),
            f"{row['score']:.4f}",
            "-" if row["latency_ms"] is None else f"{row['latency_ms']:.4g}",
            "-" if row["param_count"] is None else f"{row['param_count']:,}",
            "yes" if row["within_tolerance"] else "no",
            "*" if row["chosen"] else "",
        )
    from resume_ner.reporting.console import stdout_console

    console = stdout_console()
    console.print(table)
    console.print(f"chosen: {result.chosen.label}")
    for key, value in result.params.items():
        console.print(f"  {key} = {value!r}", markup=False)
    console.print(f"why: {result.reason}", markup=False)
    console.print(f"written: {Path(output.path)}", markup=False)
