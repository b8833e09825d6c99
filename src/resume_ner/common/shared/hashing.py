"""Stable hashing of JSON-able values and of files."""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20


def canonical(value: Any) -> Any:  # noqa: PLR0911 - one return per JSON kind
    """Return ``value`` in canonical JSON-able form.

    Mappings get string keys (sorted when dumped), tuples and sets become lists (sets sorted),
    floats that are whole numbers become ints and others are rounded to 12 significant digits,
    paths become POSIX strings, and objects with ``model_dump`` (pydantic) are dumped.

    Raises:
        TypeError: For a value with no JSON form, naming its type; or for NaN/inf.
    """
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"cannot hash non-finite float {value!r}")
        rounded = float(f"{value:.12g}")
        return int(rounded) if rounded.is_integer() else rounded
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=_sort_key)
    if isinstance(value, os.PathLike):
        return Path(value).as_posix()
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return canonical(dump(mode="json"))
    raise TypeError(f"cannot hash value of type {type(value).__name__}: {value!r}")


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def canonical_json(value: Any) -> str:
    """Serialise ``value`` canonically: sorted keys, no whitespace, normalised floats."""
    return json.dumps(canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hash_value(value: Any, length: int | None = None) -> str:
    """SHA-256 hex digest of the canonical JSON of ``value`` (optionally shortened)."""
    digest = hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
    return digest[:length] if length else digest


def hash_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 hex digest of a file's bytes, read in chunks.

    Raises:
        FileNotFoundError: Naming the missing file.
    """
    digest = hashlib.sha256()
    file_path = Path(path)
    if not file_path.is_file():
        raise FileNotFoundError(f"cannot hash {file_path}: no such file")
    with file_path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_files(
    paths: Iterable[str | os.PathLike[str]], root: str | os.PathLike[str] | None = None
) -> str:
    """One digest over several files: their contents and names relative to ``root``.

    Order-independent: files are sorted by relative name. Without ``root`` only contents count.
    """
    entries = []
    for path in paths:
        name = Path(path).relative_to(root).as_posix() if root is not None else ""
        entries.append((name, hash_file(path)))
    return hash_value(sorted(entries))
