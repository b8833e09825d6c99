"""The source files a dataset was read from: where they are, their size and SHA-256."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resume_ner.common.shared import hash_file, hash_files
from resume_ner.data.datasets.bundled import bundled_path, is_bundled


@dataclass(frozen=True)
class SourceFile:
    """One source file or folder.

    Attributes:
        name: The source as configured (``bundled:demo``, ``data/train.jsonl``).
        path: The absolute file or folder that was read.
        sha256: SHA-256 of the file's bytes; for a folder, the digest over its files' contents
            and relative names (``common.shared.hash_files``).
        size: Bytes (a folder: all its files).
        files: Number of files (1 for a file).
    """

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


def _visible(relative: Path) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def resolve_source(source: str | os.PathLike[str]) -> Path:
    """The file or folder a source names (``bundled:<name>`` is looked up in the package).

    Raises:
        FileNotFoundError: If it does not exist.
    """
    if is_bundled(source):
        return bundled_path(str(source))
    path = Path(source).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"dataset source {os.fspath(source)!r}: {path} does not exist")
    return path


def describe_source(source: str | os.PathLike[str]) -> SourceFile:
    """Resolve and hash one source.

    Raises:
        FileNotFoundError: If it does not exist.
        ValueError: If it is a folder without files.
    """
    path = resolve_source(source)
    if path.is_file():
        return SourceFile(os.fspath(source), str(path), hash_file(path), path.stat().st_size)
    files = sorted(p for p in path.rglob("*") if p.is_file() and _visible(p.relative_to(path)))
    if not files:
        raise ValueError(f"dataset source {os.fspath(source)!r}: folder {path} holds no files")
    return SourceFile(
        name=os.fspath(source),
        path=str(path),
        sha256=hash_files(files, root=path),
        size=sum(p.stat().st_size for p in files),
        files=len(files),
    )
