"""``resume-ner extract``: record the fields of every resume file in folders, resumably."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resume_ner.cli.context import clean_errors, fail
from resume_ner.cli.predict_cmd import Backend, Device, Threads

if TYPE_CHECKING:
    from resume_ner.deployment.extraction import ExtractProgress, ExtractSummary

PLAIN_EVERY_S = 2.0
"""Seconds between two plain progress lines (when stderr is not a terminal)."""

_INPUTS_HELP = "Files, folders (recursive: PDF, DOCX, PNG, JPEG, TIFF, WebP, TXT, MD) or globs."
_OUT_HELP = "Results file: .jsonl (fields and entities) or .csv (one row of fields per document)."
_WORKERS_HELP = (
    "Local engine: processes reading files in parallel while the model predicts (default 1: "
    "this one)."
)
_RETRY_HELP = "Read again the documents whose record in --out is a failure."
_ENGINE_HELP = "local (this machine) or ray (reading tasks and model actors on a Ray cluster)."
_ADDRESS_HELP = (
    "Ray engine: cluster to use: auto, host:port or ray://head:10001 (default: a private "
    "local Ray instance for the run)."
)
_ACTORS_HELP = "Ray engine: model replicas (actors), each reserving --threads CPUs (default 1)."
ENGINES = ("local", "ray")
"""Values of --engine."""


@contextmanager
def _progress() -> Iterator[Callable[[ExtractProgress], None]]:
    """A rich bar with documents/s and ETA on a terminal; plain throttled lines otherwise."""
    if not sys.stderr.isatty():
        last = [0.0]

        def plain(state: ExtractProgress) -> None:
            now = time.monotonic()
            if now - last[0] >= PLAIN_EVERY_S or state.done == state.total:
                last[0] = now
                typer.echo(
                    f"extract: {state.done}/{state.total} documents, "
                    f"{state.docs_per_second:.1f} docs/s, {state.failed} failed",
                    err=True,
                )

        yield plain
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s, {task.fields[failed]} failed"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extract", total=None, rate=0.0, failed=0)

        def rich(state: ExtractProgress) -> None:
            bar.update(
                task,
                completed=state.done,
                total=state.total,
                rate=state.docs_per_second,
                failed=state.failed,
            )

        yield rich


def _check_engine(
    engine: str, workers: int | None, address: str | None, actors: int | None
) -> None:
    """Exit 2 on an unknown engine or an option of the other engine; load Ray when chosen."""
    if engine not in ENGINES:
        fail(f"unknown --engine {engine!r}; use one of {', '.join(ENGINES)}", 2)
    if engine == "local":
        given = [name for name, value in (("--address", address), ("--actors", actors)) if value]
        if given:
            fail(f"{' and '.join(given)} need --engine ray", 2)
        return
    if workers is not None:
        fail("--workers is for the local engine; with --engine ray use --actors", 2)
    from resume_ner.deployment.extraction.ray_cluster import import_ray

    with clean_errors():
        import_ray()


def extract(
    inputs: Annotated[list[str], typer.Argument(help=_INPUTS_HELP, show_default=False)],
    model: Annotated[Path, typer.Option("--model", "-m", help="Model folder (ONNX or PyTorch).")],
    out: Annotated[Path, typer.Option("--out", "-o", help=_OUT_HELP)],
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help=_WORKERS_HELP, show_default=False)
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per predict call.")
    ] = 16,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help=_RETRY_HELP)] = False,
    backend: Backend = "auto",
    threads: Threads = None,
    device: Device = "auto",
    engine: Annotated[str, typer.Option("--engine", "-e", help=_ENGINE_HELP)] = "local",
    address: Annotated[
        str | None, typer.Option("--address", help=_ADDRESS_HELP, show_default=False)
    ] = None,
    actors: Annotated[
        int | None, typer.Option("--actors", min=1, help=_ACTORS_HELP, show_default=False)
    ] = None,
) -> None:
    """Extract the recruiter fields of every resume file into a JSONL or CSV results file.

    Resumable: documents whose content (sha256) --out already records are skipped.
    A file that cannot be read is recorded with its error and the run goes on.
    With --engine ray, files are read in Ray tasks and predicted by --actors model replicas;
    this process writes --out. Exit code: 0 when every document has a successful record,
    1 when any failed, 2 bad usage, 130 interrupted (--out stays valid: rerun to resume).
    """
    from resume_ner.deployment.extraction import (
        RayOptions,
        RayRunError,
        list_inputs,
        open_results,
        run_extract,
        run_extract_ray,
    )
    from resume_ner.deployment.extraction.output import results_format

    _check_engine(engine, workers, address, actors)
    try:
        results_format(out)
        paths = list_inputs(inputs)
    except (ValueError, FileNotFoundError) as exc:
        fail(str(exc), 2)
    with clean_errors():
        results = open_results(out, retry_failed=retry_failed)
        run: Callable[..., ExtractSummary]
        if engine == "ray":
            options = RayOptions(address, actors or 1, threads, backend, device, batch_size)
            run = partial(run_extract_ray, paths, model, results, options=options)
        else:
            from resume_ner.deployment.inference import load_predictor

            predictor = load_predictor(model, backend=backend, threads=threads, device=device)
            run = partial(
                run_extract, paths, predictor, results, workers=workers or 1, batch_size=batch_size
            )
    with _progress() as on_progress, clean_errors():
        try:
            summary = run(on_progress=on_progress)
        except RayRunError as exc:
            fail(str(exc), 1)
        except KeyboardInterrupt:
            fail(f"interrupted; {out} is valid: rerun the same command to resume", 130)
    rate = summary.processed / summary.seconds if summary.seconds > 0 else 0.0
    skipped = f", {summary.skipped_failed} of them failures" if summary.skipped_failed else ""
    typer.echo(
        f"extract: {summary.processed} documents recorded in {summary.seconds:.1f} s "
        f"({rate:.1f} docs/s), {summary.failed} failed, {summary.skipped} skipped as already "
        f"in {summary.output}{skipped}",
        err=True,
    )
    if not summary.ok:
        raise typer.Exit(1)
