"""Read config files into layers, expanding ``defaults:`` includes and detecting cycles."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_ner.infrastructure.config.errors import ConfigProblem
from resume_ner.infrastructure.config.yaml_io import YamlSyntaxError, read_yaml_file

DEFAULTS_KEY = "defaults"
"""Top-level key listing the files a config file builds on (paths relative to that file)."""


@dataclass(frozen=True)
class FileLayer:
    """One file's own content (``defaults`` removed) and the file it came from."""

    path: Path
    data: dict[str, Any]


@dataclass(frozen=True)
class FileStamp:
    """What identifies a file's version for the cache: resolved path, mtime and size."""

    path: Path
    mtime_ns: int
    size: int


def stamp(path: Path) -> FileStamp | None:
    """Return the stamp of ``path``, or ``None`` when it cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return None
    return FileStamp(path, info.st_mtime_ns, info.st_size)


class FileLoadError(Exception):
    """A config file (or one it includes) could not be read."""

    def __init__(self, problem: ConfigProblem):
        self.problem = problem
        super().__init__(str(problem))


def read_layers(path: str | os.PathLike[str]) -> tuple[list[FileLayer], list[FileStamp]]:
    """Read a config file and, first, every file it includes (depth first, left to right).

    Returns:
        The layers in merge order and the stamps of every file read.

    Raises:
        FileLoadError: Naming the file (and line) for a missing file, malformed YAML, a
            top level that is not a mapping, a bad ``defaults`` list, or an include cycle.
    """
    layers: list[FileLayer] = []
    stamps: list[FileStamp] = []
    _read(Path(path).expanduser().resolve(), (), None, layers, stamps)
    return layers, stamps


def _read(
    path: Path,
    chain: tuple[Path, ...],
    parent: Path | None,
    layers: list[FileLayer],
    stamps: list[FileStamp],
) -> None:
    if path in chain:
        names = " -> ".join(str(p) for p in (*chain, path))
        raise FileLoadError(ConfigProblem("", f"include cycle: {names}", str(path)))
    document = _parse(path, parent)
    file_stamp = stamp(path)
    if file_stamp is not None:
        stamps.append(file_stamp)
    includes = document.pop(DEFAULTS_KEY, [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise FileLoadError(
            ConfigProblem("", f"'{DEFAULTS_KEY}' must be a list of file paths", str(path))
        )
    for include in includes:
        target = (path.parent / Path(include).expanduser()).resolve()
        _read(target, (*chain, path), path, layers, stamps)
    layers.append(FileLayer(path, document))


def _parse(path: Path, parent: Path | None) -> dict[str, Any]:
    where = f" (included from {parent})" if parent is not None else ""
    try:
        document = read_yaml_file(path)
    except FileNotFoundError:
        raise FileLoadError(ConfigProblem("", f"no such file{where}", str(path))) from None
    except IsADirectoryError:
        raise FileLoadError(
            ConfigProblem("", f"is a folder, expected a YAML file{where}", str(path))
        ) from None
    except UnicodeDecodeError as exc:
        raise FileLoadError(
            ConfigProblem("", f"not valid UTF-8 (byte {exc.start}){where}", str(path))
        ) from None
    except YamlSyntaxError as exc:
        source = f"{path}:{exc.line}" if exc.line is not None else str(path)
        raise FileLoadError(ConfigProblem("", f"{exc}{where}", source)) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise FileLoadError(
            ConfigProblem(
                "", f"the top level must be a mapping of sections, got a {kind}{where}", str(path)
            )
        )
    return document
