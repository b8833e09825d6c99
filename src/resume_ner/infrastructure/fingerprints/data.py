"""data_fp: the fingerprint of dataset file contents, independent of where the files live."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from resume_ner.common.shared.hashing import hash_file
from resume_ner.infrastructure.fingerprints.base import Fingerprint, make_fingerprint

_SKIPPED_DIRS = frozenset({"__pycache__"})

PathInput = str | os.PathLike[str]


def data_fp(paths: PathInput | Iterable[PathInput]) -> Fingerprint:
    """Fingerprint the contents of dataset files and folders (recipe: docs/fingerprints.md).

    Each path in turn (order counts) contributes its files as relative POSIX names with the
    SHA-256 of their bytes: a file by its name, a folder by every file below it, sorted,
    skipping hidden entries and ``__pycache__``. Where the files live does not count.

    Raises:
        FileNotFoundError: If a path does not exist (naming it).
        ValueError: If no path is given or a folder holds no files (naming it).
    """
    roots = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not roots:
        raise ValueError("data_fp needs at least one dataset file or folder")
    sources = [{"files": _source_files(Path(root))} for root in roots]
    return make_fingerprint("data", {"sources": sources})


def _source_files(root: Path) -> dict[str, str]:
    if root.is_file():
        return {root.name: hash_file(root)}
    if not root.is_dir():
        raise FileNotFoundError(f"data_fp: {root}: no such file or folder")
    files = {relative: hash_file(root / relative) for relative in _walk(root)}
    if not files:
        raise ValueError(f"data_fp: folder {root} holds no dataset files")
    return files


def _walk(root: Path) -> Iterator[str]:
    """Yield POSIX paths of the visible files under ``root``, relative to it, sorted."""
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        base = Path(folder).relative_to(root)
        for name in files:
            if not name.startswith(".") and (Path(folder) / name).is_file():
                names.append((base / name).as_posix())
    yield from sorted(names)
