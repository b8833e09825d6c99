"""``resume-ner run``: the whole pipeline, each finished stage reused by fingerprint.

While it runs, a stage list with live status and elapsed time (epochs and trials with an
ETA) goes to stderr; afterwards the final report is printed, and written to
``<output root>/reports/<run id>/report.md`` with its plots (see ``resume_ner.reporting``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resume_ner.cli.context import (
    ConfigFiles,
    Overrides,
    clean_errors,
    configured,
    requested_log_level,
)
from resume_ner.common.constants import Stage

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout


def run(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    start: Annotated[Stage | None, typer.Option("--from", help="Start at this stage.")] = None,
    only: Annotated[Stage | None, typer.Option("--only", help="Run this stage alone.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (no progress display).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors and the report path.")
    ] = False,
) -> None:
    """Run data -> hpo -> select -> train -> convert -> bench; print and save the report.

    Under torchrun rank 0 runs the pipeline and writes everything; every rank trains the HPO
    trials and the final model together (training.launcher must be inprocess there).
    """
    from resume_ner.training.core.leader import lead, with_job_shape

    cfg, layout = configured(config, overrides)
    # under torchrun rank 0 runs the pipeline alone; the other ranks train what it announces
    lead(
        cfg.platform.device,
        lambda: _pipeline(with_job_shape(cfg), layout, start, only, as_json, quiet),
    )


def _pipeline(
    cfg: ResumeNerConfig,
    layout: OutputLayout,
    start: Stage | None,
    only: Stage | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Run the stages with a live board, then print and save the report (rank 0's work)."""
    from rich.console import Console

    from resume_ner.common.constants import files
    from resume_ner.common.shared import setup_logging
    from resume_ner.common.shared.logging_setup import adopt_library_loggers
    from resume_ner.infrastructure.storage import backup_output_root
    from resume_ner.pipeline import run_pipeline, selected_stages
    from resume_ner.reporting.progress import RunProgress
    from resume_ner.reporting.run import build_run_report, report_folder, write_run_report

    stages = selected_stages(start, only)
    display = Console(stderr=True) if not (as_json or quiet) else None
    progress = RunProgress(stages, display)
    requested = requested_log_level()
    # the live board hides INFO records (it shows the same events) unless DEBUG is asked for
    shown = "WARNING" if progress.live and requested != "DEBUG" else requested
    level = "ERROR" if quiet else "WARNING" if as_json else shown
    setup_logging(level, log_file=layout.logs_dir() / files.RUN_LOG_FILE)
    # optuna and transformers print through handlers of their own unless adopted first
    adopt_library_loggers("optuna", "transformers", load=True)
    silent = display is None
    with clean_errors(), progress.showing():
        try:
            report = run_pipeline(
                cfg,
                layout,
                Path.cwd(),
                stages=stages,
                on_stage=None if silent else progress.on_stage,
                on_trial=None if silent else progress.on_trial,
                train_callbacks=() if silent else (progress.train_callback(),),
            )
        except BaseException:
            progress.fail()
            raise
    run_report = build_run_report(report, cfg, layout)
    with clean_errors():
        path = write_run_report(run_report, report_folder(run_report, layout))
        backup_output_root(cfg, layout)
    if as_json:
        typer.echo(
            json.dumps({**run_report.to_dict(), "report_md": str(path)}, indent=2, default=str)
        )
    elif quiet:
        typer.echo(str(path))
    else:
        from resume_ner.reporting.console import print_run_report, stdout_console

        print_run_report(stdout_console(), run_report, path)
