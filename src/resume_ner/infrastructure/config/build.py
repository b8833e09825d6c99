"""Build one validated config from files, environment and overrides; apply dotted-key values."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from resume_ner.infrastructure.config.env import MLFLOW_URI_VAR, env_settings
from resume_ner.infrastructure.config.errors import ConfigError, ConfigProblem
from resume_ner.infrastructure.config.files import FileLoadError, FileStamp, read_layers
from resume_ner.infrastructure.config.keys import KeyPath, format_key, parse_key, split_override
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.schema import (
    SECRET_MASK,
    annotation_at,
    default_at,
    is_secret,
)
from resume_ner.infrastructure.config.tree import ConfigTree
from resume_ner.infrastructure.config.validation import validation_problems
from resume_ner.infrastructure.config.values import parse_value


@dataclass(frozen=True)
class BuiltConfig:
    """A validated config, the source of each of its leaf keys and the files read."""

    config: ResumeNerConfig
    sources: dict[str, str]
    stamps: tuple[FileStamp, ...]


def build_config(
    files: Sequence[str | os.PathLike[str]], overrides: Sequence[str], env: Mapping[str, str]
) -> BuiltConfig:
    """Merge files (left to right), then environment, then overrides, and validate.

    Raises:
        ConfigError: Listing every problem: unreadable files, malformed overrides or
            environment values, and every validation error with its key and source.
    """
    tree = ConfigTree()
    stamps: list[FileStamp] = []
    problems: list[ConfigProblem] = []
    for file in files:
        try:
            layers, read = read_layers(file)
        except FileLoadError as exc:
            problems.append(exc.problem)
            continue
        stamps.extend(read)
        for layer in layers:
            tree.merge(layer.data, str(layer.path))
    if problems:
        raise ConfigError(problems, "Cannot read configuration files")
    for setting in env_settings(env):
        _apply(
            tree,
            problems,
            parts=setting.parts,
            raw=setting.raw,
            source=setting.source,
            from_env=True,
        )
    for text in overrides:
        try:
            parts, raw = split_override(text)
        except ValueError as exc:
            problems.append(ConfigProblem("", f"malformed override: {exc}", f"override: {text}"))
            continue
        source = _override_source(parts, raw)
        _apply(tree, problems, parts=parts, raw=raw, source=source, from_env=False)
    _apply_mlflow_uri(tree, env, problems)
    config = _validated(tree, problems)
    return BuiltConfig(config, _leaf_sources(config, tree), tuple(stamps))


def apply_overrides(
    config: ResumeNerConfig, values: Mapping[str, Any], source: str = "override"
) -> ResumeNerConfig:
    """``config`` with each dotted key of ``values`` set to its (typed) value, validated.

    Args:
        config: The base config (not modified).
        values: Dotted key (quoted parts allowed: ``a."b.c"``) -> value.
        source: What the values are (``search-space parameter``, ``selection``...), named
            as the source of each problem.

    Raises:
        ConfigError: Naming each key that is malformed, unknown or given an invalid value.
    """
    tree = ConfigTree()
    tree.merge(config.model_dump(mode="python"), "config")
    problems: list[ConfigProblem] = []
    for key, value in values.items():
        where = f"{source}: {key}"
        try:
            tree.set(parse_key(key), value, where)
        except ValueError as exc:
            problems.append(ConfigProblem(key, str(exc), where))
    return _validated(tree, problems)


def config_value(config: ResumeNerConfig, key: str) -> Any:
    """The value of dotted ``key`` in ``config`` (``None`` when the key is not set).

    Raises:
        ValueError: If ``key`` is malformed.
    """
    node: Any = config.model_dump(mode="json")
    for part in parse_key(key):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _validated(tree: ConfigTree, problems: list[ConfigProblem]) -> ResumeNerConfig:
    if problems:
        raise ConfigError(problems)
    try:
        return ResumeNerConfig.model_validate(tree.data)
    except ValidationError as exc:
        raise ConfigError(validation_problems(exc, tree)) from None


def _override_source(parts: KeyPath, raw: str) -> str:
    shown = SECRET_MASK if is_secret(annotation_at(parts)) else raw
    return f"override: {format_key(parts)}={shown}"


def _apply(
    tree: ConfigTree,
    problems: list[ConfigProblem],
    *,
    parts: KeyPath,
    raw: str,
    source: str,
    from_env: bool,
) -> None:
    try:
        value = parse_value(raw, annotation_at(parts), from_env=from_env)
        tree.set(parts, value, source, seed=default_at)
    except ValueError as exc:
        problems.append(ConfigProblem(format_key(parts), str(exc), source))


def _apply_mlflow_uri(
    tree: ConfigTree, env: Mapping[str, str], problems: list[ConfigProblem]
) -> None:
    uri = env.get(MLFLOW_URI_VAR, "")
    tracking = tree.data.get("tracking")
    if not uri or (tracking is not None and not isinstance(tracking, dict)):
        return
    if tracking is None or tracking.get("uri") is None:
        source = f"env: {MLFLOW_URI_VAR}"
        _apply(tree, problems, parts=("tracking", "uri"), raw=uri, source=source, from_env=True)


def _leaf_sources(config: ResumeNerConfig, tree: ConfigTree) -> dict[str, str]:
    sources: dict[str, str] = {}

    def walk(node: Any, path: KeyPath) -> None:
        if isinstance(node, dict) and node:
            for key, value in node.items():
                walk(value, (*path, key))
        else:
            sources[format_key(path)] = tree.source_of(path)

    walk(config.model_dump(mode="json"), ())
    return sources
