"""YAML parsing for config: YAML 1.2 floats (``3e-4``), duplicate keys rejected, line numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

_MERGE_TAG = "tag:yaml.org,2002:merge"


class ConfigYamlLoader(yaml.SafeLoader):
    """SafeLoader that reads ``1e-3`` as a float and rejects a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping after checking that no explicit key repeats."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue
            if duplicate:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


ConfigYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


class YamlSyntaxError(ValueError):
    """Malformed YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None):
        self.line = line
        super().__init__(message)


def parse_yaml(text: str) -> Any:
    """Parse YAML text with :class:`ConfigYamlLoader`.

    Raises:
        YamlSyntaxError: With the problem and its 1-based line.
    """
    try:
        return yaml.load(text, Loader=ConfigYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"{context}: {problem}" if context and "duplicate" not in problem else problem
        raise YamlSyntaxError(f"invalid YAML: {message}", line) from None


def read_yaml_file(path: Path) -> Any:
    """Read and parse one YAML file.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        IsADirectoryError: If ``path`` is a folder.
        UnicodeDecodeError: If the file is not UTF-8.
        YamlSyntaxError: On malformed YAML.
    """
    if path.is_dir():
        raise IsADirectoryError(str(path))
    return parse_yaml(path.read_text(encoding="utf-8"))
