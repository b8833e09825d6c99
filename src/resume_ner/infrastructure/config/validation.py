"""Turn pydantic validation errors into config problems with dotted keys and sources."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from resume_ner.infrastructure.config.errors import ConfigProblem
from resume_ner.infrastructure.config.keys import format_key
from resume_ner.infrastructure.config.schema import field_names
from resume_ner.infrastructure.config.tree import ConfigTree


def validation_problems(error: ValidationError, tree: ConfigTree) -> list[ConfigProblem]:
    """Return one problem per pydantic error: dotted key, message and source."""
    problems: list[ConfigProblem] = []
    for item in error.errors(include_url=False):
        path = _data_path(item["loc"], tree.data, item["type"] == "missing")
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message += _suggestion(path)
        problems.append(ConfigProblem(format_key(path), message, tree.source_of(path)))
    return problems


def _data_path(loc: Sequence[str | int], data: Any, missing: bool) -> list[str | int]:
    """Keep the parts of a pydantic location that exist in the input data.

    Pydantic inserts the tag of a discriminated union (``float``) into the location; the
    input has no such key, so it is dropped. The last part of a missing-field error is kept.
    """
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        found = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if found:
            node = node[part]
        elif not (missing and position == len(loc) - 1):
            continue
        path.append(part)
    return path


def _suggestion(path: list[str | int]) -> str:
    if not path or not isinstance(path[-1], str):
        return ""
    parent = path[:-1]
    if not all(isinstance(part, str) for part in parent):
        return ""
    names = field_names(tuple(str(part) for part in parent))
    close = difflib.get_close_matches(path[-1], names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
