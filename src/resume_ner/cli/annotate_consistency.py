"""``resume-ner annotate consistency``: the label-noise report of an annotated set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resume_ner.cli.context import clean_errors

_FORMAT_HELP = "Input format (auto, native, dataturks, doccano, label_studio, conll)."
_PRESET_HELP = "Label map onto the canonical schema (canonical, dataturks, reference, none)."


def consistency(
    data: Annotated[str, typer.Argument(help="Annotation file or folder, or bundled:NAME.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "auto",
    preset: Annotated[str, typer.Option("--preset", help=_PRESET_HELP)] = "canonical",
    top: Annotated[int, typer.Option("--top", min=0, help="Findings shown per section.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print every finding as JSON.")] = False,
    fail_above: Annotated[
        float | None,
        typer.Option("--fail-above", min=0.0, max=1.0, help="Exit 1 above this noise rate."),
    ] = None,
) -> None:
    """Report label noise: one string with several labels, mentions tagged once and missed
    elsewhere in the same document, and list-vs-single span boundaries per label."""
    from resume_ner.data.processing import consistency_report, prepare_documents
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

    with clean_errors():
        cfg = DataConfig(
            name=Path(data).stem,
            sources=[DataSourceConfig(path=data, format=fmt)],
            label_preset=preset,
        )
        prepared = prepare_documents(cfg, Path.cwd())
    report = consistency_report(prepared.documents)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.render(top))
    if fail_above is not None and report.noise_rate > fail_above:
        typer.echo(f"noise rate {report.noise_rate:.1%} is above {fail_above:.1%}", err=True)
        raise typer.Exit(1)
