"""``resume-ner run``: the whole pipeline, each finished stage reused by fingerprint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resume_ner.cli.context import (
    ConfigFiles,
    Overrides,
    build_layout,
    clean_errors,
    load_cli_config,
)
from resume_ner.common.constants import Stage


def run(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    start: Annotated[Stage | None, typer.Option("--from", help="Start at this stage.")] = None,
    only: Annotated[Stage | None, typer.Option("--only", help="Run this stage alone.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Run data -> hpo -> select -> train -> convert -> bench; print what each stage did."""
    from resume_ner.common.constants import files
    from resume_ner.common.shared import setup_logging
    from resume_ner.pipeline import PipelineError, run_pipeline, selected_stages

    cfg = load_cli_config(config, overrides)
    layout = build_layout(cfg)
    setup_logging("WARNING" if as_json else "INFO", log_file=layout.logs_dir() / files.RUN_LOG_FILE)

    def show(stage: Stage, state: str) -> None:
        if not as_json:
            typer.echo(f"[{stage.value}] {state}", err=True)

    with clean_errors(ValueError, FileNotFoundError, OSError, PipelineError):
        report = run_pipeline(
            cfg, layout, Path.cwd(), stages=selected_stages(start, only), on_stage=show
        )
    rows = [
        {
            "stage": o.stage.value,
            "state": o.state,
            "seconds": round(o.seconds, 1),
            "folder": str(o.folder) if o.folder else None,
            **o.facts,
        }
        for o in report.outcomes
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    for row in rows:
        extra = ", ".join(
            f"{k}={v}" for k, v in row.items() if k not in {"stage", "state", "seconds"}
        )
        typer.echo(f"{row['stage']:8} {row['state']:8} {row['seconds']:7.1f}s  {extra}")
    bench = report.get(Stage.CONVERT)
    if bench is not None and bench.folder is not None:
        typer.echo(f"\nserve it: resume-ner serve --model {bench.folder}")
