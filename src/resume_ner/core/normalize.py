"""Turn arbitrary values into safe name or path parts, reporting every change made."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class NormalizeRules:
    """How to make a value safe.

    Attributes:
        replacements: Substrings replaced first, in order (e.g. ``{"/": "_"}``).
        lowercase: Lower-case the result.
        forbidden: Characters that are replaced by ``fill``.
        fill: Replacement for forbidden characters.
        collapse: Collapse runs of ``fill`` into one and strip it from both ends.
        max_length: Truncate to at most this many characters (``None``: no limit).
    """

    replacements: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    lowercase: bool = False
    forbidden: str = ""
    fill: str = "_"
    collapse: bool = True
    max_length: int | None = None

    def __post_init__(self) -> None:
        if self.fill and any(ch in self.forbidden for ch in self.fill):
            raise ValueError(f"fill {self.fill!r} may not contain forbidden characters")
        if self.max_length is not None and self.max_length < 1:
            raise ValueError(f"max_length must be >= 1, got {self.max_length}")


@dataclass(frozen=True)
class Normalized:
    """A normalized value and the list of changes that produced it."""

    value: str
    changes: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether normalisation altered the input."""
        return bool(self.changes)


_PATH_FORBIDDEN = '<>:"/\\|?*' + "".join(chr(c) for c in range(32)) + " "

NAME_RULES = NormalizeRules(
    replacements=MappingProxyType({"/": "-", " ": "_"}),
    forbidden="\n\r\t",
    max_length=250,
)
"""Rules for MLflow experiment and run names."""

PATH_RULES = NormalizeRules(
    replacements=MappingProxyType({"/": "-"}),
    lowercase=True,
    forbidden=_PATH_FORBIDDEN,
    max_length=64,
)
"""Rules for one path component: portable on Windows, macOS and Linux."""


def normalize(value: object, rules: NormalizeRules) -> Normalized:
    """Normalize ``value`` (converted with ``str``) according to ``rules``.

    Args:
        value: Any value; it is converted to text first.
        rules: The rules to apply.

    Returns:
        The safe text and a human-readable description of each change.

    Raises:
        ValueError: If nothing is left of the value after normalisation.
    """
    text = str(value)
    changes: list[str] = []
    for old, new in rules.replacements.items():
        if old and old in text:
            text = text.replace(old, new)
            changes.append(f"replaced {old!r} with {new!r}")
    if rules.lowercase and text != text.lower():
        text = text.lower()
        changes.append("lower-cased")
    if rules.forbidden:
        bad = sorted({ch for ch in text if ch in rules.forbidden})
        if bad:
            text = "".join(rules.fill if ch in rules.forbidden else ch for ch in text)
            changes.append(f"replaced forbidden characters {''.join(bad)!r} with {rules.fill!r}")
    if rules.collapse and rules.fill:
        collapsed = re.sub(f"(?:{re.escape(rules.fill)})+", rules.fill, text).strip(rules.fill)
        if collapsed != text:
            text = collapsed
            changes.append(f"collapsed repeated {rules.fill!r}")
    if rules.max_length is not None and len(text) > rules.max_length:
        text = text[: rules.max_length]
        changes.append(f"truncated to {rules.max_length} characters")
    if not text or text in {".", ".."}:
        raise ValueError(f"value {value!r} normalizes to an unusable name {text!r}")
    return Normalized(text, tuple(changes))


def safe_name(value: object) -> str:
    """Normalize ``value`` with :data:`NAME_RULES` and return only the text."""
    return normalize(value, NAME_RULES).value


def safe_path_part(value: object) -> str:
    """Normalize ``value`` with :data:`PATH_RULES` and return only the text."""
    return normalize(value, PATH_RULES).value
