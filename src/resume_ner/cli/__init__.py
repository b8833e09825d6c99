"""The typer command line: thin commands that parse, load config and call one library function."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``resume-ner`` console script."""
    from resume_ner.cli.app import app

    app()


__all__ = ["main"]
