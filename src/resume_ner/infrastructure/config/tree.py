"""A raw config tree built from layers, remembering the source of every leaf."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from resume_ner.infrastructure.config.keys import KeyPath, format_key

DEFAULT_SOURCE = "default"
"""Source of a value nobody set."""

Seed = Callable[[KeyPath], Any]
"""Gives the starting value of a mapping that a dotted key descends into but nobody set."""


class ConfigTree:
    """Nested mappings merged layer by layer (mappings deep-merged, everything else replaced).

    Attributes:
        data: The merged raw values.
        sources: Source of each leaf, keyed by its key path.
    """

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.sources: dict[KeyPath, str] = {}

    def merge(self, mapping: Mapping[str, Any], source: str) -> None:
        """Deep-merge a whole document into the tree."""
        self._merge_into(self.data, (), mapping, source)

    def set(self, parts: KeyPath, value: Any, source: str, seed: Seed | None = None) -> None:
        """Set the value at a dotted key, creating the mappings on the way.

        A missing mapping on the way starts as ``seed(path)`` when that is a mapping (so an
        override can edit one entry of a default such as the search space), else empty.

        Raises:
            ValueError: If a value on the way is not a mapping.
        """
        node = self.data
        for depth, part in enumerate(parts[:-1]):
            path = parts[: depth + 1]
            child = node.get(part)
            if part not in node or child is None:
                child = seed(path) if seed is not None else None
                child = {} if child is None else child
                if isinstance(child, dict):
                    node[part] = child
                    self._forget(path)
            if not isinstance(child, dict):
                kind = type(child).__name__
                where = format_key(path)
                raise ValueError(
                    f"cannot set a key inside {where}: its value is a {kind}, not a mapping"
                )
            node = child
        self._assign(node, parts, value, source)

    def source_of(self, parts: Sequence[str | int]) -> str:
        """Return where the value at ``parts`` came from.

        The nearest recorded ancestor wins; a key with no recorded ancestor reports the
        distinct sources of its recorded descendants, else ``default``.
        """
        key: tuple[Any, ...] = tuple(parts)
        for length in range(len(key), 0, -1):
            if key[:length] in self.sources:
                return self.sources[key[:length]]
        below = [src for path, src in self.sources.items() if path[: len(key)] == key]
        return ", ".join(dict.fromkeys(below)) if below else DEFAULT_SOURCE

    def _merge_into(
        self, node: dict[str, Any], prefix: KeyPath, mapping: Mapping[Any, Any], source: str
    ) -> None:
        for key, value in mapping.items():
            self._assign(node, (*prefix, key), value, source)

    def _assign(self, node: dict[str, Any], path: KeyPath, value: Any, source: str) -> None:
        key = path[-1]
        current = node.get(key)
        if isinstance(value, dict) and isinstance(current, dict) and key in node:
            if not value:
                self.sources.setdefault(path, source)
            self._merge_into(current, path, value, source)
            return
        self._forget(path)
        if isinstance(value, dict) and value:
            node[key] = {}
            self._merge_into(node[key], path, value, source)
        else:
            node[key] = value
            self.sources[path] = source

    def _forget(self, path: KeyPath) -> None:
        for recorded in [p for p in self.sources if p[: len(path)] == path]:
            del self.sources[recorded]
