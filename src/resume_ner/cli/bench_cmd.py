"""``resume-ner bench``: latency and throughput of a model on every backend, as a report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured

_ARTIFACT_HELP = "Trained model folder (or run folder holding best/), or a converted ONNX folder."
_BACKENDS_HELP = (
    "Comma-separated backends (pytorch, pytorch_bf16, onnx, onnx_int8, onnx_fp16); "
    "default benchmark.backends."
)
_DOCUMENTS_HELP = "Whole documents timed for documents/s (default benchmark.documents; 0 skips)."
_DATA_HELP = (
    "Documents to time: annotation file or folder, or bundled:NAME (default: the data "
    "stage's test split)."
)


def _overrides(
    overrides: list[str] | None, backends: str | None, documents: int | None
) -> list[str]:
    extra = list(overrides or [])
    if backends is not None:
        names = [name.strip() for name in backends.split(",") if name.strip()]
        extra.append(f"benchmark.backends=[{', '.join(names)}]")
    if documents is not None:
        extra.append(f"benchmark.documents={documents}")
    return extra


def bench(
    artifact: Annotated[Path, typer.Argument(help=_ARTIFACT_HELP)],
    config: ConfigFiles = None,
    overrides: Overrides = None,
    backends: Annotated[str | None, typer.Option("--backends", help=_BACKENDS_HELP)] = None,
    documents: Annotated[
        int | None, typer.Option("--documents", min=0, help=_DOCUMENTS_HELP)
    ] = None,
    data: Annotated[str | None, typer.Option("--data", help=_DATA_HELP)] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Measure again even if this benchmark exists.")
    ] = False,
) -> None:
    """Time every backend x batch size x window length, and whole documents; print the table.

    Writes benchmark.json, .md and .png under benchmarks/<bench8>; indexed and logged to MLflow.
    """
    from rich.console import Console

    from resume_ner.evaluation.benchmarking import run_bench
    from resume_ner.infrastructure.tracking import make_tracker

    cfg, layout = configured(config, _overrides(overrides, backends, documents))
    with clean_errors():
        tracker = make_tracker(cfg.tracking, layout.root)
        with Console(stderr=True).status(f"benchmarking {artifact}"):
            output = run_bench(
                cfg, layout, Path.cwd(), artifact, source=data, tracker=tracker, force=force
            )
    typer.echo(output.markdown)
    state = "reused" if output.reused else "written"
    typer.echo(f"benchmark {state}: {output.folder}")


app = typer.Typer(help="Benchmark a model's latency and throughput on every backend.")
app.command()(bench)
