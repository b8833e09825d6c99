"""The results file of an extraction: JSONL or CSV, appended atomically line by line, resumable.

Every record is one physical line written by one ``write`` call and the file is fsynced after
each batch, so a process killed mid-write leaves at most a partial last line (no ``"\\n"``):
:func:`open_results` drops it (that document is redone) and never truncates anything else.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from resume_ner.common.shared import FileFormatError, atomic_write_bytes
from resume_ner.deployment.extraction.records import CSV_COLUMNS, csv_row

logger = logging.getLogger(__name__)

ResultsFormat = Literal["jsonl", "csv"]
FORMAT_OF_SUFFIX: dict[str, ResultsFormat] = {".jsonl": "jsonl", ".csv": "csv"}
"""Results format by the output's suffix."""


def results_format(path: str | os.PathLike[str]) -> ResultsFormat:
    """``jsonl`` or ``csv`` from the suffix of ``path``.

    Raises:
        ValueError: For any other suffix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMAT_OF_SUFFIX:
        raise ValueError(f"{path}: the results file must end in .jsonl or .csv, not {suffix!r}")
    return FORMAT_OF_SUFFIX[suffix]


def _csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


HEADER = _csv_line(CSV_COLUMNS)
"""The first line of a CSV results file."""


@dataclass
class ResultsFile:
    """An open results file: what it already records and how to append to it.

    Attributes:
        path: The file.
        fmt: ``jsonl`` or ``csv``.
        recorded: sha256 -> whether that document's record succeeded (records without a hash,
            files whose bytes could not be read, are not here: they are always retried).
        dropped_bytes: Bytes of a torn last line removed on opening.
    """

    path: Path
    fmt: ResultsFormat
    recorded: dict[str, bool] = field(default_factory=dict)
    dropped_bytes: int = 0

    def line(self, record: dict[str, Any]) -> str:
        """The line of ``record`` in this file's format (ending in ``"\\n"``)."""
        if self.fmt == "csv":
            return _csv_line(csv_row(record))
        return json.dumps(record, ensure_ascii=False) + "\n"

    def append(self, records: Sequence[dict[str, Any]]) -> None:
        """Append ``records`` (one ``write`` per line), then fsync; remember their hashes."""
        if not records:
            return
        _append(self.path, [self.line(record).encode("utf-8") for record in records])
        for record in records:
            if record["sha256"] is not None:
                self.recorded[record["sha256"]] = record["error"] is None


def _append(path: Path, lines: Sequence[bytes]) -> None:
    """Append each line with one ``write`` (looping only on a short write), then fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        for line in lines:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _parse(path: Path, fmt: ResultsFormat, line: str, number: int) -> tuple[str | None, bool]:
    """The hash and success of one stored record."""
    if fmt == "csv":
        (cells,) = list(csv.reader([line]))
        if len(cells) != len(CSV_COLUMNS):
            raise FileFormatError(path, f"expected {len(CSV_COLUMNS)} cells", number)
        row = dict(zip(CSV_COLUMNS, cells, strict=True))
        return row["sha256"] or None, not row["error"]
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FileFormatError(path, f"not a JSON record ({exc.msg})", number) from None
    if not isinstance(record, dict) or "sha256" not in record or "error" not in record:
        raise FileFormatError(path, "not an extraction record (no sha256 and error)", number)
    return record["sha256"], record["error"] is None


def _repair(path: Path) -> int:
    """Drop a partial last line (no trailing ``"\\n"``); the bytes dropped."""
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        keep = size
        while keep > 0:
            start = max(0, keep - 65536)
            handle.seek(start)
            chunk = handle.read(keep - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            keep = start
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
        return size - keep


def _stored_lines(target: Path, fmt: ResultsFormat) -> tuple[list[str], list[str]]:
    """The header (CSV: its one line, if any) and the record lines of a results file."""
    raw = target.read_bytes() if target.exists() else b""
    try:
        lines = raw.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError as exc:
        raise FileFormatError(target, f"not valid UTF-8 (byte {exc.start})") from None
    if fmt != "csv" or not lines:
        return [], lines
    if lines[0] != HEADER:
        raise FileFormatError(target, f"has another header; expected {HEADER.strip()}", 1)
    return lines[:1], lines[1:]


def open_results(path: str | os.PathLike[str], retry_failed: bool = False) -> ResultsFile:
    """Open (or create) a results file to resume into.

    A torn last line is dropped; a CSV file gets its header once. With ``retry_failed`` the
    failure records are removed (the file is rewritten atomically without them) so those
    documents are read again.

    Raises:
        ValueError: For a suffix other than ``.jsonl``/``.csv``.
        FileFormatError: Naming the file and line of a record that cannot be parsed, or a
            CSV file with another header.
    """
    fmt = results_format(path)
    results = ResultsFile(Path(path), fmt)
    target = results.path
    if target.is_dir():
        raise FileFormatError(target, "is a folder, expected a results file")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        results.dropped_bytes = _repair(target)
        if results.dropped_bytes:
            logger.warning(
                "%s: dropped a partial last line (%d bytes); that document is redone",
                target,
                results.dropped_bytes,
            )
    header, lines = _stored_lines(target, fmt)
    kept: list[str] = []
    first = len(header) + 1
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        sha, ok = _parse(target, fmt, line, number)
        if retry_failed and not ok:
            continue
        kept.append(line)
        if sha is not None:
            results.recorded[sha] = ok
    if retry_failed and len(kept) < sum(1 for line in lines if line.strip()):
        atomic_write_bytes(target, "".join([*header, *kept]).encode("utf-8"))
    if fmt == "csv" and not header:
        _append(target, [HEADER.encode("utf-8")])
    return results
