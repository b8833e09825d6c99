"""Config errors that list every problem with its dotted key and source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigProblem:
    """One problem of a configuration.

    Attributes:
        key: Dotted key path (``training.learning_rate``); empty for a whole-file problem.
        message: What is wrong, e.g. pydantic's "Extra inputs are not permitted".
        source: Where the value came from: a file path (with ``:line`` when known),
            ``override: <text>``, ``env: VAR`` or ``default``.
    """

    key: str
    message: str
    source: str

    def __str__(self) -> str:
        if not self.key:
            return f"{self.source}: {self.message}"
        return f"{self.key}: {self.message} (source: {self.source})"


class ConfigError(ValueError):
    """The configuration could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[ConfigProblem], title: str = "Invalid configuration"):
        self.problems: list[ConfigProblem] = list(problems)
        self.title = title
        count = len(self.problems)
        header = f"{title} ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([header, *(f"  {problem}" for problem in self.problems)]))
