"""``resume-ner train``: the final model of a config, trained once per fingerprint (or launched)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured

if TYPE_CHECKING:
    from resume_ner.training.execution import FinalTrainingResult

_LAUNCHER_HELP = (
    "inprocess (default: training.launcher), subprocess, torchrun (data-parallel over "
    "training.nproc_per_node processes x training.nnodes nodes) or azureml (a command job; "
    "needs the azure extra)."
)
_SELECTION_HELP = "selection.json (or its folder) whose chosen params override the config."
_DRY_RUN_HELP = "Print the command (subprocess, torchrun) or job YAML (azureml); run nothing."
_CODE_HELP = "Folder uploaded as the Azure ML job's code (default: this project checkout)."
_DEVICE_HELP = "auto (platform.device), cpu, cuda, cuda:N or mps."


def train(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    force: Annotated[
        bool, typer.Option("--force", help="Train a new variant even if one exists.")
    ] = False,
    from_selection: Annotated[
        Path | None, typer.Option("--from-selection", help=_SELECTION_HELP)
    ] = None,
    launcher: Annotated[str | None, typer.Option("--launcher", help=_LAUNCHER_HELP)] = None,
    device: Annotated[str, typer.Option("--device", help=_DEVICE_HELP)] = "auto",
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_DRY_RUN_HELP)] = False,
    code: Annotated[Path | None, typer.Option("--code", help=_CODE_HELP)] = None,
) -> None:
    """Train the final model of a config, or reuse the completed run with the same fingerprints.

    A run with the same spec and execution fingerprints is reused (printed as such) unless
    --force; an interrupted one is resumed from its last checkpoint; otherwise a new variant
    v<N> is trained, scored on the test split and logged to MLflow. Under torchrun every
    rank trains its share of each batch; rank 0 alone writes, tracks and prints.
    """
    from resume_ner.training.core.leader import is_follower
    from resume_ner.training.execution import TrainArgs, run_train

    cfg, layout = configured(config, overrides)
    with clean_errors():
        args = TrainArgs(force=force, from_selection=from_selection, device=device)
        result = run_train(
            cfg,
            layout,
            Path.cwd(),
            args,
            launcher=launcher,
            dry_run=dry_run,
            code=code,
            on_output=typer.echo,
        )
    if is_follower():  # a rank > 0 of a torchrun job: rank 0 reports
        return
    if result.plan is not None and result.state == "planned":
        typer.echo(result.plan.describe())
    elif result.job is not None:
        typer.echo(f"submitted Azure ML job {result.job}")
    elif result.training is not None and result.launcher == "inprocess":
        print_result(result.training)


def _cell(metrics: dict[str, float], key: str) -> str:
    value = metrics.get(key)
    return "-" if value is None else f"{value:.4f}"


def print_result(result: FinalTrainingResult) -> None:
    """Print the variant folder, what happened, the best epoch and span-F1 per label."""
    from rich.table import Table

    from resume_ner.reporting.console import stdout_console

    console = stdout_console()
    first = f"{result.state} {result.run_dir}"
    if result.resumed:
        first += f" (from epoch {result.resumed_from_epoch})"
    console.print(first, markup=False, highlight=False)
    console.print(f"model: {result.model_dir}", markup=False, highlight=False)
    spec, execution = result.fingerprints.get("spec_fp", ""), result.fingerprints.get("exec_fp", "")
    best = "-" if result.best_epoch is None else str(result.best_epoch)
    refit = " (refit on train+validation)" if result.refit else ""
    console.print(f"variant v{result.variant}, spec {spec[:8]}, exec {execution[:8]}")
    console.print(f"best epoch: {best}{refit}")
    validation, test = dict(result.validation_metrics), dict(result.test_metrics)
    labels = sorted(
        {key.split("/", 1)[1] for key in [*validation, *test] if key.startswith("span_f1/")}
    )
    table = Table(title="span F1")
    for column in ("label", "validation", "test"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in labels:
        key = f"span_f1/{label}"
        table.add_row(label, _cell(validation, key), _cell(test, key))
    table.add_row("micro", _cell(validation, "span_f1"), _cell(test, "span_f1"), style="bold")
    console.print(table)
