"""Atomic write and validated read of a run folder's metadata.json."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from resume_ner.common.constants.files import METADATA_FILE
from resume_ner.common.shared.atomic import atomic_write_text
from resume_ner.common.shared.io import FileFormatError, read_json
from resume_ner.infrastructure.metadata.model import RunMetadata

_MAX_SHOWN = 80


class MetadataError(FileFormatError):
    """A metadata or index file holds an invalid record; the message names file and field."""


def metadata_path(run_dir: str | os.PathLike[str]) -> Path:
    """The metadata.json of the run folder ``run_dir``."""
    return Path(run_dir) / METADATA_FILE


def describe_validation_error(exc: ValidationError) -> str:
    """One line per bad field: ``field 'timings.started_at': <problem> (got <value>)``."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "<record>"
        text = f"field '{where}': {err['msg']}"
        if err["type"] != "missing":
            shown = repr(err["input"])
            if len(shown) > _MAX_SHOWN:
                shown = shown[: _MAX_SHOWN - 3] + "..."
            text += f" (got {shown})"
        problems.append(text)
    return "; ".join(problems)


def write_metadata(run_dir: str | os.PathLike[str], meta: RunMetadata) -> Path:
    """Atomically write ``meta`` to ``run_dir/metadata.json`` (folders created); return its path.

    Readers see the old or the new file, never a mix; a failure leaves the old file as it was.
    """
    text = meta.model_dump_json(indent=2) + "\n"
    return atomic_write_text(metadata_path(run_dir), text)


def read_metadata(run_dir: str | os.PathLike[str]) -> RunMetadata:
    """Read and validate ``run_dir/metadata.json``.

    Raises:
        FileNotFoundError: If the file does not exist (naming it).
        FileFormatError: If it is not valid JSON (naming file and line).
        MetadataError: If a field is missing or invalid (naming file and field).
    """
    path = metadata_path(run_dir)
    data = read_json(path)
    if not isinstance(data, dict):
        raise MetadataError(path, f"expected a JSON object, got {type(data).__name__}")
    try:
        return RunMetadata.model_validate(data)
    except ValidationError as exc:
        raise MetadataError(path, f"invalid metadata: {describe_validation_error(exc)}") from None
