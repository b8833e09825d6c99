"""The source files a dataset was read from: where they are, their size and SHA-256."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resume_ner.common.shared import hash_file, hash_files
from resume_ner.data.processing.prepare import source_files


@dataclass(frozen=True)
class SourceFile:
    """One source file or folder as given, resolved, with its SHA-256 (a folder's over its
    files' contents and relative names), size in bytes and number of files."""

    name: str
    path: str
    sha256: str
    size: int
    files: int = 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceFile:
        """Rebuild from :meth:`to_dict` output (``KeyError`` names a missing field)."""
        return cls(data["name"], data["path"], data["sha256"], data["size"], data.get("files", 1))


def describe_source(source: str | os.PathLike[str]) -> SourceFile:
    """Hash one source file or folder that the data stage read.

    Raises:
        FileNotFoundError: If it does not exist.
        ValueError: If it is a folder without files.
    """
    path = Path(source).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"dataset source {os.fspath(source)!r}: {path} does not exist")
    files = source_files(path)
    if not files:
        raise ValueError(f"dataset source {os.fspath(source)!r}: folder {path} holds no files")
    digest = hash_files(files, root=path) if path.is_dir() else hash_file(path)
    size = sum(file.stat().st_size for file in files)
    return SourceFile(os.fspath(source), str(path), digest, size, len(files))
