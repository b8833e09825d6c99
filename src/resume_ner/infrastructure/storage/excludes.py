"""Glob excludes over relative POSIX paths (``*.tmp``, ``**/checkpoint-*``)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _translate(pattern: str) -> str:
    """Turn one glob into a regex: ``**`` spans folders, ``*`` and ``?`` stay inside one."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


class Excludes:
    """A set of glob patterns matched against paths relative to the synced root.

    A pattern without ``/`` matches a file or folder name at any depth (``*.tmp``); a pattern
    with ``/`` matches from the root, where ``**`` spans any number of folders
    (``**/checkpoint-*``). A matching folder excludes everything inside it.
    """

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        """Compile ``patterns``.

        Args:
            patterns: Glob patterns; blank ones are ignored.

        Raises:
            ValueError: A pattern is not a valid glob.
        """
        self.patterns = tuple(p.strip().strip("/") for p in patterns if p.strip().strip("/"))
        self._name_res: list[re.Pattern[str]] = []
        self._path_res: list[re.Pattern[str]] = []
        for pattern in self.patterns:
            try:
                compiled = re.compile(_translate(pattern) + r"\Z")
            except re.error as exc:
                raise ValueError(f"invalid exclude pattern {pattern!r}: {exc}") from exc
            (self._path_res if "/" in pattern else self._name_res).append(compiled)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, relative: str) -> bool:
        """Whether ``relative`` (POSIX, relative to the root) or one of its folders is excluded."""
        parts = relative.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            name = parts[depth - 1]
            prefix = "/".join(parts[:depth])
            if any(r.match(name) for r in self._name_res):
                return True
            if any(r.match(prefix) for r in self._path_res):
                return True
        return False
