"""Read the JSON header of a ``.safetensors`` file without loading its tensors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HEADER_LIMIT = 100 * 1024 * 1024
"""Largest header length accepted (bytes); a larger one means the file is not safetensors."""


def safetensors_header(path: str | os.PathLike[str]) -> tuple[dict[str, Any], int]:
    """The header (tensor name -> dtype, shape, data offsets) and its length in bytes.

    The file starts with an 8-byte little-endian header length, then that many bytes of JSON.

    Raises:
        ValueError: ``<path>: <why>`` when the length does not fit the file or the header is
            not a JSON object.
    """
    file = Path(path)
    size = file.stat().st_size
    if size < 8:
        raise ValueError(f"{file}: not a safetensors file ({size} bytes, shorter than its header)")
    with file.open("rb") as handle:
        length = int.from_bytes(handle.read(8), "little")
        if length <= 0 or length > HEADER_LIMIT or 8 + length > size:
            raise ValueError(f"{file}: header length {length} does not fit the file ({size} bytes)")
        raw = handle.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"{file}: the header is not JSON: not a safetensors file") from None
    if not isinstance(header, dict):
        raise ValueError(f"{file}: the header is not a JSON object: not a safetensors file")
    return header, length
