"""``resume-ner hpo``: run an Optuna study, join one as a worker, or run one sweep trial."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from resume_ner.cli.context import (
    ConfigFiles,
    Overrides,
    build_layout,
    clean_errors,
    load_cli_config,
)

if TYPE_CHECKING:
    from resume_ner.data.stage import DataStageResult
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout
    from resume_ner.infrastructure.tracking import Tracker
    from resume_ner.training.hpo import StudyResult, TrialProgress

app = typer.Typer(
    help="Hyper-parameter search: `hpo --config FILE` runs (or resumes) the study; "
    "`hpo worker` joins a shared study; `hpo trial` trains one configuration; "
    "`hpo sweep` writes the Azure ML sweep job.",
    invoke_without_command=True,
)

_SUBMIT_HELP = "Also submit it to the configured workspace (needs credentials)."
_TRIALS_HELP = "Most trials this process runs (default: until the study has hpo.n_trials)."

TrialsOption = Annotated[int | None, typer.Option("--n-trials", min=1, help=_TRIALS_HELP)]


@app.callback(invoke_without_command=True)
def study(
    ctx: typer.Context,
    config: ConfigFiles = None,
    overrides: Overrides = None,
    n_trials: TrialsOption = None,
) -> None:
    """Run or resume the study ``hpo.study_name``, then print a table of its trials."""
    if ctx.invoked_subcommand is not None:
        return
    if not config:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    with clean_errors():
        _run(load_cli_config(config, overrides), n_trials=n_trials, seed_offset=0)


@app.command("worker")
def worker(
    study_name: Annotated[str, typer.Option("--study", help="Study to join (created if new).")],
    storage: Annotated[str, typer.Option("--storage", help="SQLAlchemy URL of the storage.")],
    config: ConfigFiles = None,
    overrides: Overrides = None,
    n_trials: TrialsOption = None,
) -> None:
    """Join study NAME in a shared storage; any number of workers may run at once.

    Each worker seeds its sampler with hpo.sampler.seed plus its process id, so workers
    propose different trials; a trial of a killed worker is failed and retried.
    """
    from resume_ner.infrastructure.config import apply_overrides

    with clean_errors():
        base = load_cli_config(config, overrides)
        joined = apply_overrides(base, {"hpo.study_name": study_name, "hpo.storage": storage})
        _run(joined, n_trials=n_trials, seed_offset=os.getpid())


@app.command("trial")
def trial(config: ConfigFiles = None, overrides: Overrides = None) -> None:
    """Train one configuration and log span_f1 per epoch (an Azure ML sweep trial)."""
    from resume_ner.training.hpo import run_single_trial

    with clean_errors():
        cfg = load_cli_config(config, overrides)
        score = run_single_trial(cfg, *_inputs(cfg))
    typer.echo(f"span_f1={score:.4f}")


@app.command("sweep")
def sweep(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the sweep YAML.")] = Path(
        "sweep.yaml"
    ),
    trial_config: Annotated[
        str | None,
        typer.Option("--trial-config", help="Config path each trial reads, relative to --code."),
    ] = None,
    code: Annotated[str, typer.Option("--code", help="Folder uploaded as the code.")] = ".",
    concurrent: Annotated[int, typer.Option("--max-concurrent", min=1)] = 2,
    submit: Annotated[
        bool, typer.Option("--submit", help="Submit it (needs credentials).")
    ] = False,
) -> None:
    """Write (and validate offline) an Azure ML sweep job for the same search space."""
    from resume_ner.infrastructure.platform.azureml import (
        build_sweep_job,
        load_sweep_job,
        submit_sweep_job,
        write_sweep_job,
    )

    with clean_errors():
        cfg = load_cli_config(config, overrides)
        target = trial_config or (str(config[-1]) if config else "configs/default.yaml")
        job = build_sweep_job(
            cfg.hpo,
            cfg.platform.azureml,
            config_path=target,
            code=code,
            max_concurrent_trials=concurrent,
            overrides=list(overrides or []),
        )
        path = write_sweep_job(job, out)
        load_sweep_job(path)
        typer.echo(f"wrote {path} ({len(cfg.hpo.search_space)} parameters, validated)")
        if submit:
            typer.echo(f"submitted {submit_sweep_job(path, cfg.platform.azureml)}")


def _inputs(config: ResumeNerConfig) -> tuple[OutputLayout, DataStageResult, Tracker]:
    """The output layout, the data stage's result (reused when prepared) and the tracker."""
    from resume_ner.data.stage import run_data_stage
    from resume_ner.infrastructure.tracking import make_tracker

    layout = build_layout(config)
    data = run_data_stage(config.data, layout, Path.cwd())
    return layout, data, make_tracker(config.tracking, layout.root)


def _run(config: ResumeNerConfig, *, n_trials: int | None, seed_offset: int) -> None:
    """Run the study; under torchrun rank 0 alone asks Optuna and tracks, every rank trains."""
    from resume_ner.common.shared.logging_setup import adopt_library_loggers
    from resume_ner.training.core.leader import lead, with_job_shape
    from resume_ner.training.hpo import run_hpo

    def study() -> None:
        adopt_library_loggers("optuna", load=True)  # its records through our console and filter
        shaped = with_job_shape(config)
        inputs = _inputs(shaped)
        with _progress_bar() as on_trial:
            result = run_hpo(
                shaped, *inputs, n_trials=n_trials, seed_offset=seed_offset, on_trial=on_trial
            )
        print_trials(result, list(shaped.hpo.search_space))

    lead(config.platform.device, study)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Any]:
    """A bar on stderr, shown from the first finished trial on (errors before stay alone)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("[bold]hpo[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[best]}"),
        TimeElapsedColumn(),
    )
    bar = Progress(*columns, console=Console(stderr=True), transient=False)
    task = bar.add_task("", total=None, best="best: -")

    def on_trial(event: TrialProgress) -> None:
        best = "best: -"
        if event.best_value is not None:
            best = f"best: {event.best_value:.4f} (trial {event.best_number})"
        what = f"trial {event.number} {event.state.lower()}"
        bar.update(task, total=event.total, completed=event.done, description=what, best=best)
        bar.start()

    try:
        yield on_trial
    finally:
        if bar.live.is_started:
            bar.stop()


def print_trials(result: StudyResult, param_keys: list[str]) -> None:
    """Print a table of every trial of ``result`` and the best one."""
    from rich.table import Table

    table = Table(title=f"study {result.study_name} ({result.storage})")
    for column in ("trial", "state", "span_f1", "epochs", *param_keys, "retry of"):
        table.add_column(column, justify="right" if column != "state" else "left")
    best = result.best.number if result.best else None
    for record in result.trials:
        values = [_cell(record.params.get(key)) for key in param_keys]
        marker = " *" if record.number == best else ""
        table.add_row(
            f"{record.number}{marker}",
            record.state.lower(),
            _cell(record.value),
            _cell(record.user_attrs.get("epochs_trained")),
            *values,
            _cell(record.retried_from),
        )
    from resume_ner.reporting.console import stdout_console

    console = stdout_console()
    console.print(table)
    counts = ", ".join(f"{n} {state.lower()}" for state, n in sorted(result.counts().items()))
    summary = f"{len(result.trials)} trials ({counts}); this run: {result.ran}"
    if result.best is not None and result.best.value is not None:
        summary += f"; best: trial {result.best.number} span_f1={result.best.value:.4f}"
    console.print(summary)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if math.isfinite(value) else str(value)
    return str(value)
