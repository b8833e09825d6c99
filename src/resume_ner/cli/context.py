"""Shared CLI plumbing: load config, build the output layout, and fail with a clean message."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from resume_ner.infrastructure.config import ConfigError, ResumeNerConfig, load_config
from resume_ner.infrastructure.paths import OutputLayout

ConfigFiles = Annotated[
    list[Path] | None,
    typer.Option("--config", "-c", help="YAML config file(s), merged left to right."),
]
Overrides = Annotated[
    list[str] | None,
    typer.Option("--set", "-s", help="Override as key=value (YAML value), repeatable."),
]


def requested_log_level() -> str:
    """The global ``--log-level`` given to ``resume-ner`` (``INFO`` when not given)."""
    import click

    ctx = click.get_current_context(silent=True)
    value = ctx.find_root().params.get("log_level") if ctx is not None else None
    return str(value or "INFO").upper()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code`` (no traceback)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def user_errors() -> tuple[type[BaseException], ...]:
    """The errors a user can fix (bad input, files, missing extras, tracking, storage)."""
    from resume_ner.deployment.conversion import ConversionError
    from resume_ner.infrastructure.tracking import TrackingError
    from resume_ner.training.hpo import StorageError

    return (ValueError, OSError, ImportError, TrackingError, StorageError, ConversionError)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn every error a user can fix into ``error: ...`` on stderr and its exit code.

    The exit code is 1, or the error's ``exit_code`` (a launched training's status).
    """
    try:
        yield
    except user_errors() as exc:
        fail(str(exc), getattr(exc, "exit_code", 1))


def load_cli_config(
    files: Sequence[Path] | None, overrides: Sequence[str] | None
) -> ResumeNerConfig:
    """Load the config, printing every problem and exiting 1 when it is invalid."""
    try:
        return load_config(files or (), overrides or ())
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def build_layout(config: ResumeNerConfig) -> OutputLayout:
    """The output layout under the platform adapter's root for the configured output root."""
    from resume_ner.infrastructure.platform.adapters import get_adapter

    with clean_errors():
        adapter = get_adapter(config.platform.name)
        root = adapter.output_root(config.paths.output_root)
        return OutputLayout.from_config(config.paths, root=root)


def configured(
    files: Sequence[Path] | None, overrides: Sequence[str] | None
) -> tuple[ResumeNerConfig, OutputLayout]:
    """The config (see :func:`load_cli_config`) and its output layout."""
    config = load_cli_config(files, overrides)
    return config, build_layout(config)
