"""The files an extraction reads: named files, folders (recursive) and globs, sorted."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

DOCUMENT_SUFFIXES: frozenset[str] = frozenset(
    {".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".txt", ".md"}
)
"""Suffixes (lower case) of the files taken from folders and globs; other files are skipped."""

_GLOB_CHARS = frozenset("*?[")


def _is_document(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES


def _folder_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if _is_document(path)]


def _expand(item: str) -> list[Path]:
    if _GLOB_CHARS.intersection(item) and not Path(item).exists():
        matches = [Path(name) for name in glob.glob(item, recursive=True)]
        if not matches:
            raise FileNotFoundError(f"{item}: no file matches this pattern")
        found: list[Path] = []
        for match in matches:
            if match.is_dir():
                found += _folder_files(match)
            elif _is_document(match):
                found.append(match)
        return found
    path = Path(item)
    if path.is_dir():
        return _folder_files(path)
    if not path.exists():
        raise FileNotFoundError(f"{item}: no such file or folder")
    return [path]  # a named file is read whatever its suffix; its kind comes from its bytes


def list_inputs(inputs: Iterable[str]) -> list[Path]:
    """The files of ``inputs``, sorted by path, each once.

    A named file is always taken (an unknown kind is read and its error recorded); folders
    (recursively) and globs give only files whose suffix is in :data:`DOCUMENT_SUFFIXES`.

    Raises:
        FileNotFoundError: For a file or folder that does not exist, or a glob matching nothing.
        ValueError: If no input is given.
    """
    items = list(inputs)
    if not items:
        raise ValueError("no input: name files, folders or globs")
    found: set[Path] = set()
    for item in items:
        found.update(_expand(item))
    return sorted(found, key=str)
