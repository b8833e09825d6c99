"""Dotted config keys: parse ``a.b."c.d".e`` into parts, format parts back, split overrides.

A key part that itself contains dots (search-space keys such as ``training.learning_rate``)
is written in double quotes: ``hpo.search_space."training.learning_rate".high``.
"""

from __future__ import annotations

from collections.abc import Sequence

KeyPath = tuple[str, ...]
"""A dotted key split into its parts."""

_NEEDS_QUOTES = frozenset('."=[] ')


def parse_key(text: str) -> KeyPath:
    """Split a dotted key into its parts, honouring double-quoted parts.

    Raises:
        ValueError: On an empty key, an empty part, an unclosed quote or a stray quote.
    """
    if not text.strip():
        raise ValueError("empty key")
    parts: list[str] = []
    index = 0
    while True:
        if index < len(text) and text[index] == '"':
            end = text.find('"', index + 1)
            if end < 0:
                raise ValueError(f"unclosed quote in key {text!r}")
            part = text[index + 1 : end]
            index = end + 1
            if index < len(text) and text[index] != ".":
                raise ValueError(f"expected '.' after the quoted part {part!r} in key {text!r}")
        else:
            end = text.find(".", index)
            end = len(text) if end < 0 else end
            part = text[index:end].strip()
            index = end
            if '"' in part:
                raise ValueError(f"a quote must enclose a whole key part in {text!r}")
        if not part:
            raise ValueError(f"empty key part in {text!r}")
        parts.append(part)
        if index >= len(text):
            return tuple(parts)
        index += 1  # skip the dot
        if index >= len(text):
            raise ValueError(f"empty key part in {text!r}")


def format_key(parts: Sequence[str | int]) -> str:
    """Join key parts into a dotted key; list indices become ``[i]``, dotted parts are quoted."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = f'"{part}"' if not part or _NEEDS_QUOTES.intersection(part) else part
        out = f"{out}.{text}" if out else text
    return out


def split_override(text: str) -> tuple[KeyPath, str]:
    """Split a ``key=value`` override at the first ``=`` outside quotes.

    Returns:
        The key parts and the raw (unparsed) value text.

    Raises:
        ValueError: If there is no ``=`` or the key is malformed.
    """
    in_quote = False
    for index, char in enumerate(text):
        if char == '"':
            in_quote = not in_quote
        elif char == "=" and not in_quote:
            return parse_key(text[:index]), text[index + 1 :]
    raise ValueError("expected key=value")
