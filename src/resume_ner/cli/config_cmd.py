"""``resume-ner config``: show and validate the resolved configuration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resume_ner.infrastructure.config import (
    ConfigError,
    ResumeNerConfig,
    config_sources,
    dump_config,
    load_config,
    resolved_dict,
)

app = typer.Typer(
    help="Show and validate the resolved configuration (files < RESUME_NER_* env < --set).",
    no_args_is_help=True,
)

_SET_HELP = (
    'Override as key=value (YAML value), repeatable; quote a dotted key part: hpo.search_space."'
    'training.learning_rate".high=1e-3'
)

_FILES_HELP = "YAML config files, merged left to right."
_SOURCES_HELP = "Print where each key's value came from (file, env, override, default)."


@app.command("show")
def show(
    files: Annotated[list[Path] | None, typer.Argument(help=_FILES_HELP)] = None,
    overrides: Annotated[list[str] | None, typer.Option("--set", "-s", help=_SET_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of YAML.")] = False,
    sources: Annotated[bool, typer.Option("--sources", help=_SOURCES_HELP)] = False,
) -> None:
    """Print the resolved configuration (secrets masked)."""
    config = _load(files, overrides)
    if sources:
        origin = config_sources(config)
        if as_json:
            typer.echo(json.dumps(origin, indent=2))
        else:
            width = max(map(len, origin))
            typer.echo("\n".join(f"{key:<{width}}  {src}" for key, src in origin.items()))
    elif as_json:
        typer.echo(json.dumps(resolved_dict(config), indent=2, ensure_ascii=False))
    else:
        typer.echo(dump_config(config), nl=False)


@app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help=_FILES_HELP)],
    overrides: Annotated[list[str] | None, typer.Option("--set", "-s", help=_SET_HELP)] = None,
) -> None:
    """Check the configuration; print OK or every problem (exit code 1)."""
    _load(files, overrides)
    typer.echo(f"OK: {', '.join(str(file) for file in files)} valid")


def _load(files: list[Path] | None, overrides: list[str] | None) -> ResumeNerConfig:
    try:
        return load_config(files or (), overrides or ())
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
