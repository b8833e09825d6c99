"""``resume-ner storage backup|restore``: copy the output root to or from any fsspec URL."""

from __future__ import annotations

from typing import Annotated

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured, fail

app = typer.Typer(help="Back up the output root to a folder or fsspec URL, or restore it.")

Url = Annotated[
    str | None,
    typer.Argument(
        help="Folder or fsspec URL (/content/drive/MyDrive/..., gs://, s3://, abfs://); "
        "default: storage.backup_url."
    ),
]


def _sync(direction: str, url: str | None, files: ConfigFiles, overrides: Overrides) -> None:
    from resume_ner.infrastructure.storage import backup, restore

    config, layout = configured(files, overrides)
    storage = config.storage
    target = url or storage.backup_url
    if not target:
        fail("give a URL or set storage.backup_url", code=2)
    excludes, options = storage.exclude, storage.options
    with clean_errors():
        if direction == "backup":
            report = backup(layout.root, target, excludes=excludes, options=options)
        else:
            report = restore(target, layout.root, excludes=excludes, options=options)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@app.command("backup")
def backup_cmd(url: Url = None, files: ConfigFiles = None, overrides: Overrides = None) -> None:
    """Copy the output root to URL; files unchanged since the last backup are skipped."""
    _sync("backup", url, files, overrides)


@app.command("restore")
def restore_cmd(url: Url = None, files: ConfigFiles = None, overrides: Overrides = None) -> None:
    """Copy a backup into the output root; local files the backup lacks are kept."""
    _sync("restore", url, files, overrides)
