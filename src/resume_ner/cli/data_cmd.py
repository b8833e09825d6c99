"""``resume-ner data``: inspect, validate, convert and split annotated resume datasets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured

if TYPE_CHECKING:
    from resume_ner.data.assets import DatasetManifest

_T = TypeVar("_T")

app = typer.Typer(
    help="Inspect, validate, convert and split annotated datasets.", no_args_is_help=True
)

_FORMAT_HELP = "Input format (auto, native, dataturks, doccano, label_studio, conll)."
_PRESET_HELP = "Label map onto the canonical schema (canonical, dataturks, reference, none)."


def _echo_table(table: object) -> None:

    from resume_ner.reporting.console import stdout_console

    stdout_console().print(table)


@app.command("inspect")
def inspect(
    path: Annotated[
        str, typer.Argument(help="Prepared dataset folder, annotation file, or bundled:NAME.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "auto",
    preset: Annotated[str, typer.Option("--preset", help=_PRESET_HELP)] = "canonical",
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Print a dataset's manifest: fingerprint, documents and spans per label and split."""
    from resume_ner.common.constants import files
    from resume_ner.data.assets import DatasetManifest, manifest_table

    with clean_errors():
        folder = Path(path)
        if folder.is_dir() and (folder / files.MANIFEST_FILE).is_file():
            manifest = DatasetManifest.load(folder)
        else:
            manifest = _manifest_of_file(path, fmt, preset)
    if as_json:
        typer.echo(json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False))
    else:
        _echo_table(manifest_table(manifest))


def _manifest_of_file(path: str, fmt: str, preset: str) -> DatasetManifest:
    from resume_ner.data.assets import build_manifest
    from resume_ner.data.processing import prepare_documents
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

    cfg = DataConfig(
        name=Path(path).stem, sources=[DataSourceConfig(path=path, format=fmt)], label_preset=preset
    )
    prepared = _with_progress(f"reading {path}", lambda: prepare_documents(cfg, Path.cwd()))
    return build_manifest(
        cfg.name,
        prepared.documents,
        [info.resolved for info in prepared.sources],
        validation=prepared.report,
    )


def _with_progress(message: str, work: Callable[[], _T]) -> _T:
    from rich.console import Console

    with Console(stderr=True).status(message):
        return work()


@app.command("validate")
def validate(
    path: Annotated[str, typer.Argument(help="Annotation file or folder, or bundled:NAME.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "auto",
    preset: Annotated[str, typer.Option("--preset", help=_PRESET_HELP)] = "canonical",
    overlap: Annotated[
        str, typer.Option("--overlap", help="keep_longest, keep_first or error.")
    ] = "keep_longest",
    report: Annotated[
        Path | None, typer.Option("--report", help="Also save the report as JSON here.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when anything was fixed or dropped.")
    ] = False,
) -> None:
    """Load and validate a dataset; print every fix and drop, counted per reason."""
    from resume_ner.data.processing import prepare_documents
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

    with clean_errors():
        cfg = DataConfig(
            name=Path(path).stem,
            sources=[DataSourceConfig(path=path, format=fmt)],
            label_preset=preset,
            overlap_policy=overlap,
        )
        prepared = _with_progress(f"validating {path}", lambda: prepare_documents(cfg, Path.cwd()))
    result = prepared.report
    for line in result.summary_lines():
        typer.echo(line)
    if report is not None:
        result.save(report)
        typer.echo(f"report written to {report}")
    if strict and any(count > 0 for count in result.counts.values()):
        raise typer.Exit(1)


@app.command("convert")
def convert(
    src: Annotated[Path, typer.Argument(help="Input annotation file.")],
    dst: Annotated[Path, typer.Argument(help="Output file: .json/.jsonl (native) or .conll/.bio.")],
    src_format: Annotated[str, typer.Option("--from", help=_FORMAT_HELP)] = "auto",
    dst_format: Annotated[
        str | None, typer.Option("--to", help="native or conll (default: from the suffix).")
    ] = None,
) -> None:
    """Convert between annotation formats (native JSON/JSONL and CoNLL are writable)."""
    from resume_ner.data.loaders import convert as convert_file

    with clean_errors():
        count = convert_file(src, dst, src_format=src_format, dst_format=dst_format)
    typer.echo(f"wrote {dst} ({count} documents)")


@app.command("split")
def split(
    config: ConfigFiles = None,
    overrides: Overrides = None,
    force: Annotated[
        bool, typer.Option("--force", help="Prepare again even if it exists.")
    ] = False,
) -> None:
    """Run the data stage: validate and split the configured sources under the output root."""
    from resume_ner.data.assets import manifest_table
    from resume_ner.data.stage import run_data_stage

    cfg, layout = configured(config, overrides)
    with clean_errors():
        result = _with_progress(
            "preparing dataset", lambda: run_data_stage(cfg.data, layout, Path.cwd(), force=force)
        )
    state = "reused" if result.reused else "written"
    typer.echo(f"dataset {state}: {result.folder}")
    _echo_table(manifest_table(result.manifest))
