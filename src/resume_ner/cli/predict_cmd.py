"""``resume-ner predict`` and ``resume-ner evaluate``: entities of texts, scores on a dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer

from resume_ner.cli.context import clean_errors, fail

if TYPE_CHECKING:
    from resume_ner.data.processing import PreparedDocuments
    from resume_ner.deployment.inference import Predictor, PredictorEvaluation
    from resume_ner.deployment.inference.inputs import InputDocument

_ARTIFACT_HELP = "Model folder (or a training run folder holding best/)."
_BACKEND_HELP = "Inference backend: auto (int8 ONNX, then ONNX, then PyTorch), pytorch, onnx."
_THREADS_HELP = "Threads of one inference call (default: the backend's)."
_DEVICE_HELP = "Device of the PyTorch backend: auto, cpu, cuda, cuda:N."
_CHUNK = 32

Backend = Annotated[str, typer.Option("--backend", "-b", help=_BACKEND_HELP)]
Threads = Annotated[int | None, typer.Option("--threads", min=1, help=_THREADS_HELP)]
Device = Annotated[str, typer.Option("--device", help=_DEVICE_HELP)]


def _load(artifact: Path, backend: str, threads: int | None, device: str) -> Predictor:
    from resume_ner.deployment.inference import load_predictor

    with clean_errors():
        return load_predictor(artifact, backend=backend, threads=threads, device=device)


def predict(
    artifact: Annotated[Path, typer.Argument(help=_ARTIFACT_HELP)],
    source: Annotated[
        str,
        typer.Argument(
            help="PDF, DOCX, image or text file (one document), .jsonl of {'text': ...}, or -."
        ),
    ],
    grouped: Annotated[
        bool, typer.Option("--grouped/--no-grouped", help="Add the recruiter fields per document.")
    ] = True,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Input: auto (.jsonl by suffix), text, jsonl.")
    ] = "auto",
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    backend: Backend = "auto",
    threads: Threads = None,
    device: Device = "auto",
) -> None:
    """Print the entities of each document as JSON, one object per document (JSON Lines)."""
    from resume_ner.deployment.inference import group_fields
    from resume_ner.deployment.inference.inputs import parse_documents, read_documents

    with clean_errors():
        if source == "-":
            raw = typer.get_binary_stream("stdin").read()
            try:
                documents = parse_documents(raw.decode("utf-8"), "-", fmt)
            except UnicodeDecodeError as exc:
                fail(f"stdin: not valid UTF-8 (byte {exc.start})")
        else:
            documents = read_documents(source, fmt)
    predictor = _load(artifact, backend, threads, device)
    for first in range(0, len(documents), _CHUNK):
        chunk = documents[first : first + _CHUNK]
        results = predictor.predict([document.text for document in chunk])
        for document, entities in zip(chunk, results, strict=True):
            record: dict[str, Any] = {
                "id": document.id,
                "text_length": len(document.text),
                **_how_read(document),
                "entities": [entity.to_dict() for entity in entities],
            }
            if grouped:
                record["fields"] = group_fields(entities)
            typer.echo(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None))


def _how_read(document: InputDocument) -> dict[str, Any]:
    """How a PDF, DOCX or image file was read (nothing for text and JSON Lines)."""
    return {} if document.read is None else document.read.how_read()


def _prepare(
    data: str, fmt: str, preset: str, labels: tuple[str, ...], unknown: str
) -> PreparedDocuments:
    from resume_ner.data.processing import prepare_documents
    from resume_ner.infrastructure.config.sections.data import (
        DataConfig,
        DataFormat,
        DataSourceConfig,
    )

    choices = {
        "--format": (fmt, get_args(DataFormat)),
        "--preset": (preset, ("canonical", "dataturks", "reference", "none")),
        "--unknown-labels": (unknown, ("drop", "error")),
    }
    for option, (value, valid) in choices.items():
        if value not in valid:
            fail(f"{option} {value!r} is not one of {', '.join(valid)}")
    cfg = DataConfig(
        name=Path(data).stem or "data",
        sources=[DataSourceConfig(path=data, format=fmt)],
        label_preset=preset,
        labels=list(labels),
        unknown_labels=unknown,
    )
    with clean_errors():
        return prepare_documents(cfg, Path.cwd())


def evaluate(
    artifact: Annotated[Path, typer.Argument(help=_ARTIFACT_HELP)],
    data: Annotated[str, typer.Argument(help="Annotated file or folder, or bundled:NAME.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="auto, native, dataturks, doccano, label_studio, conll."
        ),
    ] = "auto",
    preset: Annotated[
        str, typer.Option("--preset", help="Label map: canonical, dataturks, reference, none.")
    ] = "canonical",
    unknown: Annotated[
        str,
        typer.Option("--unknown-labels", help="Spans with labels the model lacks: drop, error."),
    ] = "drop",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    backend: Backend = "auto",
    threads: Threads = None,
    device: Device = "auto",
) -> None:
    """Score a model on an annotated dataset: strict span P/R/F1 per label, seqeval F1."""
    from resume_ner.deployment.inference import read_artifact

    with clean_errors():
        labels = read_artifact(artifact).labels
    prepared = _prepare(data, fmt, preset, labels, unknown)
    report = prepared.report
    if any(report.counts.values()):
        for line in report.summary_lines():
            typer.echo(line, err=True)
    if not prepared.documents:
        fail(f"{data}: no annotated document to evaluate ({report.documents_in} read)")
    predictor = _load(artifact, backend, threads, device)
    result = _score(predictor, prepared)
    if as_json:
        payload = {
            "artifact": str(artifact),
            "data": data,
            "model": predictor.info.name,
            "backend": predictor.info.backend,
            "dropped": {reason: n for reason, n in sorted(report.counts.items()) if n},
            **result.to_dict(),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return

    from resume_ner.reporting.console import stdout_console

    console = stdout_console()
    console.print(_table(result, f"{predictor.info.name} ({predictor.info.backend}) on {data}"))
    console.print(
        f"seqeval entity P {result.seqeval['seqeval_precision']:.4f}  "
        f"R {result.seqeval['seqeval_recall']:.4f}  F1 {result.seqeval['seqeval_f1']:.4f}\n"
        f"documents: {result.documents}, predicted in {result.seconds:.2f} s "
        f"({result.docs_per_second:.1f} docs/s)",
        highlight=False,
    )


def _score(predictor: Predictor, prepared: PreparedDocuments) -> PredictorEvaluation:
    from rich.console import Console
    from rich.progress import Progress

    from resume_ner.deployment.inference import evaluate_predictor

    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("predicting", total=len(prepared.documents))
        with clean_errors():
            return evaluate_predictor(
                predictor,
                prepared.documents,
                progress=lambda done, _total: progress.update(task, completed=done),
            )


def _table(result: PredictorEvaluation, title: str) -> Any:
    from rich.table import Table

    from resume_ner.deployment.inference.scoring import score_dict

    table = Table(title=f"strict span scores: {title}")
    for column in ("label", "precision", "recall", "f1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "label" else "right")

    def add(label: str, score: Any, style: str | None = None) -> None:
        numbers = score_dict(score)
        table.add_row(
            label,
            *(f"{numbers[key]:.4f}" for key in ("precision", "recall", "f1")),
            str(numbers["gold"]),
            str(numbers["predicted"]),
            style=style,
        )

    for label, score in sorted(result.spans.per_label.items()):
        add(label, score)
    table.add_section()
    add("micro", result.spans.micro, "bold")
    return table
