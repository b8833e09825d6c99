"""``resume-ner check``: run a named suite of checks and print one pass/fail report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resume_ner.cli.context import Overrides, fail

app = typer.Typer(help="Run a named suite of checks and print one pass/fail report.")

_SUITE_HELP = (
    "preflight: config, dataset, edge cases and k-fold, before a run (TARGET is a config "
    "file); artifact: model files, label schema and parity proof (TARGET is a model folder)."
)


@app.command("check")
def check(
    target: Annotated[
        Path, typer.Argument(help="Config file (preflight) or model/run folder (artifact).")
    ],
    suite: Annotated[str, typer.Option("--suite", help=_SUITE_HELP)] = "preflight",
    overrides: Overrides = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a config (and its data and backbone) or an artifact; exit 1 on any failure."""
    from resume_ner.testing.suites import SUITES, run_suite

    if suite not in SUITES:
        fail(f"unknown suite {suite!r}; known suites: {', '.join(SUITES)}", code=2)
    report = run_suite(suite, target, overrides or ())
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        from resume_ner.reporting.console import stdout_console

        console = stdout_console()
        if console.is_terminal:
            console.print(report.table())
            style = "bold green" if report.passed else "bold red"
            console.print(f"[{style}]{report.summary()}[/{style}]", highlight=False)
        else:  # piped or captured: one plain line per result, easy to grep
            for line in report.lines():
                typer.echo(line)
    raise typer.Exit(report.exit_code)
