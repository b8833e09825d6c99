"""Byte-level checks of model files (safetensors, ONNX) and the verdict of a parity.json."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.shared.safetensors import safetensors_header

_ONNX_FIRST_BYTE = 0x08  # protobuf tag of ModelProto.ir_version (field 1, varint)


def safetensors_problem(path: Path) -> str | None:
    """Why ``path`` is not a complete safetensors file, or ``None`` when it looks sound.

    Reads only the header: an 8-byte little-endian length, a JSON object of tensors, and
    data offsets that must end exactly at the end of the file.
    """
    try:
        header, length = safetensors_header(path)
    except ValueError as exc:
        return str(exc)
    size = path.stat().st_size
    ends = [
        entry["data_offsets"][1]
        for name, entry in header.items()
        if name != "__metadata__" and isinstance(entry, dict) and "data_offsets" in entry
    ]
    if not ends:
        return f"{path}: holds no tensors"
    expected = 8 + length + max(ends)
    if expected != size:
        state = "truncated" if expected > size else "longer than its tensors"
        return f"{path}: {state} (tensors end at byte {expected}, file has {size})"
    return None


def onnx_problem(path: Path) -> str | None:
    """Why ``path`` is not an ONNX model file, or ``None`` when its first bytes look right."""
    size = path.stat().st_size
    if size == 0:
        return f"{path}: empty file"
    with path.open("rb") as handle:
        first = handle.read(1)[0]
    if first != _ONNX_FIRST_BYTE:
        return f"{path}: does not start like an ONNX model (first byte 0x{first:02x})"
    return None


def parity_verdict(data: Any) -> tuple[bool | None, list[str]]:
    """Read the verdict of a parity report.

    The report passes when its top-level ``passed`` is true; without one, when every
    section that has a ``passed`` flag passed. Sections are the JSON objects at the top level
    or under ``variants`` (``{"variants": {"int8": {"passed": false, ...}}}``).

    Returns:
        ``(verdict, failing sections)``; the verdict is ``None`` when the report states none.
    """
    if not isinstance(data, Mapping):
        return None, []
    variants = data.get("variants")
    candidates = {**data, **(variants if isinstance(variants, Mapping) else {})}
    sections = {
        str(name): value["passed"]
        for name, value in candidates.items()
        if isinstance(value, Mapping) and isinstance(value.get("passed"), bool)
    }
    failing = sorted(name for name, ok in sections.items() if not ok)
    top = data.get("passed")
    if isinstance(top, bool):
        return top, failing
    if not sections:
        return None, []
    return not failing, failing
