"""The root typer application; each command group lives in its own ``*_cmd`` module."""

from __future__ import annotations

import typer

from resume_ner import __version__

app = typer.Typer(
    name="resume-ner",
    help="Train, tune, select, convert, benchmark and serve resume NER models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"resume-ner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    log_level: str = typer.Option("INFO", "--log-level", help="Console log level."),
) -> None:
    """resume-ner command line."""
    from resume_ner.common.shared.logging_setup import setup_logging

    setup_logging(log_level.upper())


def _register() -> None:
    from resume_ner.cli import (
        annotate_cmd,
        bench_cmd,
        check_cmd,
        config_cmd,
        convert_cmd,
        data_cmd,
        extract_cmd,
        hpo_cmd,
        predict_cmd,
        run_cmd,
        select_cmd,
        serve_cmd,
        storage_cmd,
        train_cmd,
    )

    app.command("run")(run_cmd.run)
    app.add_typer(config_cmd.app, name="config")
    app.add_typer(data_cmd.app, name="data")
    app.add_typer(hpo_cmd.app, name="hpo")
    app.add_typer(select_cmd.app, name="select")
    app.command("train")(train_cmd.train)
    app.command("evaluate")(predict_cmd.evaluate)
    app.command("predict")(predict_cmd.predict)
    app.command("extract")(extract_cmd.extract)
    app.add_typer(convert_cmd.app, name="convert")
    app.command("bench")(bench_cmd.bench)
    app.add_typer(serve_cmd.app, name="serve")
    app.command("check")(check_cmd.check)
    app.add_typer(storage_cmd.app, name="storage")
    app.add_typer(annotate_cmd.app, name="annotate")


_register()
