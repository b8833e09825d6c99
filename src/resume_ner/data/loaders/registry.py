"""The loader registry: format detection from file content and dispatch to a reader."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from resume_ner.data.loaders.conll import looks_conll, read_conll
from resume_ner.data.loaders.dataturks import looks_dataturks, read_dataturks
from resume_ner.data.loaders.doccano import looks_doccano, read_doccano
from resume_ner.data.loaders.document import Document
from resume_ner.data.loaders.errors import DataFormatError
from resume_ner.data.loaders.label_studio import looks_label_studio, read_label_studio
from resume_ner.data.loaders.native import looks_native, read_native
from resume_ner.data.loaders.records import read_text

Reader = Callable[..., list[Document]]
"""``reader(path, **options) -> list[Document]``."""


@dataclass(frozen=True)
class Peek:
    """What detectors see of a file.

    Attributes:
        path: The file.
        head: Its first characters (up to 64 KiB).
        container: ``"json"`` (a JSON list), ``"jsonl"`` (an object per line) or ``"text"``.
        first_record: The first JSON record, or ``None`` for text files and empty lists.
    """

    path: Path
    head: str
    container: Literal["json", "jsonl", "text"]
    first_record: Any


Detector = Callable[[Peek], bool]
"""``detector(peek) -> bool``: whether the file is in this loader's format."""


_REGISTRY: dict[str, tuple[Reader, Detector | None]] = {}
_HEAD = 1 << 16


def register_loader(name: str, reader: Reader, detector: Detector | None = None) -> None:
    """Register (or replace) a format.

    Detectors of formats registered later are tried first, so a specific user format can
    claim files before the built-in ones; a format without a detector is only used by name.

    Args:
        name: Format name used by ``load_documents(path, format=name)`` and configs.
        reader: ``reader(path, **options) -> list[Document]``.
        detector: ``detector(peek) -> bool``, given a :class:`Peek` of the file.
    """
    if not name or not name.isidentifier():
        raise ValueError(f"loader name must be an identifier, got {name!r}")
    _REGISTRY.pop(name, None)
    _REGISTRY[name] = (reader, detector)


def _first_json_value(text: str) -> Any:
    body = text.lstrip()[1:].lstrip()
    if not body or body.startswith("]"):
        return None
    value, _ = json.JSONDecoder().raw_decode(body)
    return value


def peek(path: str | os.PathLike[str]) -> Peek:
    """Read enough of a file to detect its format.

    Raises:
        DataFormatError: If the file is empty, or JSON that cannot be parsed.
    """
    file_path = Path(path)
    text = read_text(file_path)
    stripped = text.lstrip()
    if not stripped:
        raise DataFormatError(file_path, "is empty; cannot detect its format")
    try:
        if stripped.startswith("["):
            return Peek(file_path, text[:_HEAD], "json", _first_json_value(text))
        if stripped.startswith("{"):
            first_line = stripped.splitlines()[0]
            try:
                record = json.loads(first_line)
            except json.JSONDecodeError:
                record = json.loads(stripped)
            return Peek(file_path, text[:_HEAD], "jsonl", record)
    except json.JSONDecodeError as exc:
        raise DataFormatError(file_path, f"bad JSON: {exc.msg}; cannot detect its format") from None
    return Peek(file_path, text[:_HEAD], "text", None)


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file, from its content (the first record), not its name.

    Raises:
        DataFormatError: If no registered detector recognises the file, naming the keys seen.
    """
    sample = peek(path)
    for name, (_, detector) in reversed(_REGISTRY.items()):
        if detector is not None and detector(sample):
            return name
    if isinstance(sample.first_record, dict):
        seen = f"a record with keys {sorted(sample.first_record)}"
    elif sample.container == "json" and sample.first_record is None:
        seen = "an empty list"
    else:
        seen = f"a first line {sample.head.lstrip().splitlines()[0][:60]!r}"
    raise DataFormatError(
        sample.path, f"unrecognised annotation format ({seen}); pass the format explicitly"
    )


def load_documents(
    path: str | os.PathLike[str], format: str = "auto", **options: Any
) -> list[Document]:
    """Load an annotation file as documents.

    Raises:
        ValueError: For an unknown format name, listing the known ones.
        DataFormatError: For a malformed file, naming the file, line or record, and field.
    """
    name = detect_format(path) if format == "auto" else format
    if name not in _REGISTRY:
        raise ValueError(f"unknown annotation format {name!r}; known: {list(_REGISTRY)}")
    return _REGISTRY[name][0](Path(path), **options)


def _json_record(check: Callable[[Any], bool]) -> Detector:
    return lambda sample: sample.container != "text" and check(sample.first_record)


register_loader("native", read_native, _json_record(looks_native))
register_loader("doccano", read_doccano, _json_record(looks_doccano))
register_loader("dataturks", read_dataturks, _json_record(looks_dataturks))
register_loader("label_studio", read_label_studio, _json_record(looks_label_studio))
register_loader(
    "conll", read_conll, lambda sample: sample.container == "text" and looks_conll(sample.head)
)
