"""YAML and JSON reading and writing with errors that name the file and line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from resume_ner.common.shared.atomic import atomic_write_text
from resume_ner.common.shared.hashing import canonical


class FileFormatError(ValueError):
    """A file could not be read or parsed; the message names the file and, if known, the line."""

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


def _read_text(path: Path) -> str:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise FileFormatError(path, "is a folder, expected a file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(path, f"not valid UTF-8 (byte {exc.start})") from None


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """Parse a YAML file; an empty file gives ``None``.

    Raises:
        FileNotFoundError: If the file does not exist.
        FileFormatError: On malformed YAML, with the 1-based line of the problem.
    """
    file_path = Path(path)
    text = _read_text(file_path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileFormatError(file_path, f"invalid YAML: {problem}", line) from None


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a JSON file.

    Raises:
        FileNotFoundError: If the file does not exist.
        FileFormatError: On malformed JSON, with the line and column of the problem.
    """
    file_path = Path(path)
    text = _read_text(file_path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            file_path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno
        ) from None


def read_jsonl(path: str | os.PathLike[str]) -> list[Any]:
    """Parse a JSON Lines file, skipping blank lines.

    Raises:
        FileFormatError: Naming the 1-based line that is not valid JSON.
    """
    file_path = Path(path)
    records = []
    for number, line in enumerate(_read_text(file_path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise FileFormatError(
                file_path, f"invalid JSON: {exc.msg} (column {exc.colno})", number
            ) from None
    return records


def write_json(path: str | os.PathLike[str], value: Any, indent: int = 2) -> Path:
    """Atomically write ``value`` as pretty, key-sorted JSON ending with a newline."""
    text = json.dumps(canonical(value), indent=indent, sort_keys=True, ensure_ascii=False)
    return atomic_write_text(path, text + "\n")


def write_yaml(path: str | os.PathLike[str], value: Any) -> Path:
    """Atomically write ``value`` as block-style YAML, keeping key order."""
    text = yaml.safe_dump(canonical(value), sort_keys=False, allow_unicode=True)
    return atomic_write_text(path, text)


def dump_yaml(value: Any) -> str:
    """Return ``value`` as block-style YAML text, keeping key order."""
    return yaml.safe_dump(canonical(value), sort_keys=False, allow_unicode=True)
