"""``resume-ner annotate``: pre-annotations and labelling configs for Label Studio and Doccano."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resume_ner.cli.annotate_consistency import consistency
from resume_ner.cli.context import clean_errors, fail
from resume_ner.cli.predict_cmd import Backend, Device, Threads

app = typer.Typer(
    help="Label more resumes for less effort: pre-annotations, review order, tool configs.",
    no_args_is_help=True,
)

_INPUTS_HELP = "Files, folders (recursive: PDF, DOCX, PNG, JPEG, TIFF, WebP, TXT, MD) or globs."
_FORMAT_HELP = "Import format: label-studio (JSON tasks with predictions) or doccano (JSONL)."
_RANK_HELP = "Order: uncertainty (least-confident entity first) or random (seeded)."
_EXCLUDE_HELP = "A Label Studio or Doccano export: its labelled documents are skipped (text hash)."
_BATCH = 16


def _check_format(fmt: str, known: tuple[str, ...]) -> None:
    if fmt not in known:
        fail(f"--format {fmt!r}: expected one of {', '.join(known)}", 2)


@app.command("suggest")
def suggest(
    inputs: Annotated[list[str], typer.Argument(help=_INPUTS_HELP, show_default=False)],
    model: Annotated[Path, typer.Option("--model", "-m", help="Model folder (ONNX or PyTorch).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Import file to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "label-studio",
    rank: Annotated[str | None, typer.Option("--rank", help=_RANK_HELP)] = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Keep the first N documents.")
    ] = None,
    exclude: Annotated[list[Path] | None, typer.Option("--exclude", help=_EXCLUDE_HELP)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of --rank random.")] = 0,
    backend: Backend = "auto",
    threads: Threads = None,
    device: Device = "auto",
) -> None:
    """Write the model's entities over the documents as pre-annotations to import.

    Files that cannot be read are named on stderr and left out (exit code 1); 2 bad usage.
    """
    from resume_ner.deployment.annotation import (
        FORMATS,
        RANKINGS,
        labelled_hashes,
        model_version,
        write_suggestions,
    )
    from resume_ner.deployment.annotation import rank as order_of
    from resume_ner.deployment.annotation.inputs import collect
    from resume_ner.deployment.inference import load_predictor

    _check_format(fmt, FORMATS)
    if rank is not None and rank not in RANKINGS:
        fail(f"--rank {rank!r}: expected one of {', '.join(RANKINGS)}", 2)
    with clean_errors():
        hashes: set[str] = set()
        for export in exclude or []:
            hashes |= labelled_hashes(export)
    try:
        collected = collect(inputs, hashes)
    except (ValueError, FileNotFoundError) as exc:
        fail(str(exc), 2)
    for failure in collected.failed:
        typer.echo(f"annotate: skipped {failure}", err=True)
    with clean_errors():
        predictor = load_predictor(model, backend=backend, threads=threads, device=device)
        documents = collected.documents
        predictions = []
        for first in range(0, len(documents), _BATCH):
            chunk = documents[first : first + _BATCH]
            predictions += predictor.predict([document.text for document in chunk])
        order = order_of(predictions, rank, seed) if rank else list(range(len(documents)))
        order = order[:top] if top is not None else order
        path = write_suggestions(
            out,
            fmt,
            [documents[i] for i in order],
            [predictions[i] for i in order],
            model_version(predictor.info),
        )
    typer.echo(
        f"annotate: {len(order)} documents pre-annotated in {path} ({fmt}); "
        f"{collected.excluded} already labelled, {collected.duplicates} duplicate, "
        f"{collected.empty} empty, {len(collected.failed)} unreadable",
        err=True,
    )
    if collected.failed:
        raise typer.Exit(1)


@app.command("config")
def config(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Tool: label-studio.")] = (
        "label-studio"
    ),
    model: Annotated[
        Path | None, typer.Option("--model", "-m", help="Model folder: its label schema.")
    ] = None,
    labels: Annotated[
        str | None, typer.Option("--labels", help="Comma-separated labels (instead of --model).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (default: stdout).")] = None,
) -> None:
    """Print or write the labelling config whose names match the tasks of annotate suggest."""
    from resume_ner.deployment.annotation import label_studio_config

    _check_format(fmt, ("label-studio",))
    if (model is None) == (labels is None):
        fail("give exactly one of --model and --labels", 2)
    with clean_errors():
        if model is not None:
            from resume_ner.deployment.inference import read_artifact

            names = list(read_artifact(model).labels)
        else:
            names = [name.strip() for name in (labels or "").split(",") if name.strip()]
        xml = label_studio_config(names)
        if out is None:
            typer.echo(xml, nl=False)
            return
        from resume_ner.common.shared.atomic import atomic_write_text

        atomic_write_text(out, xml)
    typer.echo(f"annotate: labelling config with {len(names)} labels in {out}", err=True)


app.command("consistency")(consistency)
