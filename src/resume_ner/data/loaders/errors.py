"""The error of malformed annotation files, and typed field access that raises it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Span

_REPR_LIMIT = 60


def describe(value: Any) -> str:
    """A short representation of a bad value for an error message."""
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 3] + "..."


class DataFormatError(ValueError):
    """An annotation file is malformed.

    The message names the file, then the 1-based line (JSON Lines, CoNLL) as ``file:line`` or
    the 0-based record index of a JSON list as ``file: record N``, then the dotted field path
    (``annotation[0].points[0].start``); each is kept as an attribute.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        message: str,
        *,
        line: int | None = None,
        record: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.record = record
        self.field = field
        if line is not None:
            where = f"{self.path}:{line}"
        elif record is not None:
            where = f"{self.path}: record {record}"
        else:
            where = str(self.path)
        what = f"field {field!r}: " if field else ""
        super().__init__(f"{where}: {what}{message}")


class RecordReader:
    """Typed access to the fields of one JSON record (its file, 1-based line when JSON Lines,
    0-based index), raising :class:`DataFormatError`."""

    def __init__(self, path: Path, line: int | None, record: int) -> None:
        self.path = path
        self.line = line
        self.record = record

    def error(self, field: str | None, message: str) -> DataFormatError:
        """An error located at this record and ``field``."""
        record = None if self.line is not None else self.record
        return DataFormatError(self.path, message, line=self.line, record=record, field=field)

    def require(self, container: Mapping[str, Any], key: str, where: str) -> Any:
        """``container[key]``; a missing key is an error naming ``where``."""
        if key not in container:
            raise self.error(where, "missing field")
        return container[key]

    def object(self, value: Any, where: str) -> Mapping[str, Any]:
        """``value`` as a JSON object."""
        if not isinstance(value, Mapping):
            raise self.error(where or None, f"expected an object, got {describe(value)}")
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        """``value`` as a JSON list."""
        if not isinstance(value, list):
            raise self.error(where, f"expected a list, got {describe(value)}")
        return value

    def string(self, value: Any, where: str) -> str:
        """``value`` as a string."""
        if not isinstance(value, str):
            raise self.error(where, f"expected a string, got {describe(value)}")
        return value

    def integer(self, value: Any, where: str) -> int:
        """``value`` as a non-negative integer (booleans and floats with a fraction rejected)."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(where, f"expected an integer, got {describe(value)}")
        if value < 0:
            raise self.error(where, f"expected a non-negative offset, got {value}")
        return value

    def offset(self, container: Mapping[str, Any], key: str, where: str) -> int:
        """``container[key]`` as a non-negative integer, errors naming ``where.key``."""
        return self.integer(self.require(container, key, f"{where}.{key}"), f"{where}.{key}")

    def offsets(self, start: int, end: int, where: str) -> None:
        """Reject a range whose end comes before its start (a structural error)."""
        if end < start:
            raise self.error(where, f"end ({end}) is before start ({start})")

    def triple(self, item: Any, where: str) -> Span:
        """A ``[start, end, label]`` list as a span."""
        if not isinstance(item, list) or len(item) != 3:
            raise self.error(where, f"expected [start, end, label], got {item!r}"[:120])
        start, end = self.integer(item[0], f"{where}[0]"), self.integer(item[1], f"{where}[1]")
        label = self.string(item[2], f"{where}[2]")
        self.offsets(start, end, where)
        return Span(start, end, label)

    def keyed_span(
        self, item: Mapping[str, Any], where: str, start: str = "start", end: str = "end"
    ) -> Span:
        """A ``{start, end, label}`` object as a span (offset keys named by the format)."""
        first, last = self.offset(item, start, where), self.offset(item, end, where)
        label = self.string(self.require(item, "label", f"{where}.label"), f"{where}.label")
        self.offsets(first, last, where)
        return Span(first, last, label)
