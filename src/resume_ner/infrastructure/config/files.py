"""Read config files into layers: YAML 1.2 floats, no duplicate keys, ``defaults:`` includes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

from resume_ner.infrastructure.config.errors import ConfigError, ConfigProblem

_MERGE_TAG = "tag:yaml.org,2002:merge"


class ConfigYamlLoader(yaml.SafeLoader):
    """SafeLoader that reads ``1e-3`` as a float and rejects a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping after checking that no explicit key repeats."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue
            if duplicate:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


ConfigYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


class YamlSyntaxError(ValueError):
    """Malformed YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None):
        self.line = line
        super().__init__(message)


def parse_yaml(text: str) -> Any:
    """Parse YAML text with :class:`ConfigYamlLoader`.

    Raises:
        YamlSyntaxError: With the problem and its 1-based line.
    """
    try:
        return yaml.load(text, Loader=ConfigYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"{context}: {problem}" if context and "duplicate" not in problem else problem
        raise YamlSyntaxError(f"invalid YAML: {message}", line) from None


DEFAULTS_KEY = "defaults"
"""Top-level key listing the files a config file builds on (paths relative to that file)."""


FileLayer = tuple[Path, dict[str, Any]]
"""A file and its own content (``defaults`` removed)."""


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


def read_layers(path: str | os.PathLike[str]) -> tuple[list[FileLayer], list[FileStamp]]:
    """Read a config file and, first, every file it includes (depth first, left to right).

    Returns:
        The layers in merge order and the stamps of every file read.

    Raises:
        ConfigError: Naming the file (and line) for a missing file, malformed YAML, a top
            level that is not a mapping, a bad ``defaults`` list, or an include cycle.
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
        raise _file_error(f"include cycle: {names}", str(path))
    document = _parse(path, parent)
    file_stamp = stamp(path)
    if file_stamp is not None:
        stamps.append(file_stamp)
    includes = document.pop(DEFAULTS_KEY, [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise _file_error(f"'{DEFAULTS_KEY}' must be a list of file paths", str(path))
    for include in includes:
        target = (path.parent / Path(include).expanduser()).resolve()
        _read(target, (*chain, path), path, layers, stamps)
    layers.append((path, document))


def _file_error(message: str, source: str) -> ConfigError:
    return ConfigError([ConfigProblem("", message, source)], "Cannot read configuration files")


def _parse(path: Path, parent: Path | None) -> dict[str, Any]:
    where = f" (included from {parent})" if parent is not None else ""
    try:
        if path.is_dir():
            raise IsADirectoryError(str(path))
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _file_error(f"no such file{where}", str(path)) from None
    except IsADirectoryError:
        raise _file_error(f"is a folder, expected a YAML file{where}", str(path)) from None
    except UnicodeDecodeError as exc:
        raise _file_error(f"not valid UTF-8 (byte {exc.start}){where}", str(path)) from None
    except YamlSyntaxError as exc:
        source = f"{path}:{exc.line}" if exc.line is not None else str(path)
        raise _file_error(f"{exc}{where}", source) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        kind = type(document).__name__
        message = f"the top level must be a mapping of sections, got a {kind}{where}"
        raise _file_error(message, str(path))
    return document
