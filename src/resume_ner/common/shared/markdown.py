"""Markdown tables and number cells, shared by the benchmark and run reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def number(value: float | None, digits: int = 4) -> str:
    """``value`` with ``digits`` decimals and thousands separators, ``-`` for ``None``."""
    return "-" if value is None else f"{value:,.{digits}f}"


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], align: str = ""
) -> list[str]:
    """The lines of a markdown table; ``align`` has one ``l``/``r`` per column (default: the
    first left, the others right)."""
    shape = align or "l" + "r" * (len(header) - 1)
    rule = ["---" if side == "l" else "---:" for side in shape]
    lines = [f"| {' | '.join(header)} |", f"| {' | '.join(rule)} |"]
    lines += [f"| {' | '.join(str(cell) for cell in row)} |" for row in rows]
    return lines
