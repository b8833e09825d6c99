"""Build one validated config from files, environment and overrides; apply dotted-key values."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.infrastructure.config.errors import ConfigError, ConfigProblem
from resume_ner.infrastructure.config.files import FileStamp, read_layers
from resume_ner.infrastructure.config.keys import KeyPath, format_key, parse_key, split_override
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.schema import (
    SECRET_MASK,
    annotation_at,
    default_at,
    is_secret,
    parse_value,
    validation_problems,
)
from resume_ner.infrastructure.config.tree import ConfigTree

logger = logging.getLogger(__name__)

ENV_SEPARATOR = "__"
"""Separates nesting levels in a variable name: RESUME_NER_PLATFORM__AZUREML__COMPUTE."""
MLFLOW_URI_VAR = "MLFLOW_TRACKING_URI"
"""MLflow's own variable, used for ``tracking.uri`` when nothing else sets it."""


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
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        stamps.extend(read)
        for layer_path, data in layers:
            tree.merge(data, str(layer_path))
    if problems:
        raise ConfigError(problems, "Cannot read configuration files")
    _apply_env(tree, env, problems)
    for text in overrides:
        try:
            parts, raw = split_override(text)
        except ValueError as exc:
            problems.append(ConfigProblem("", f"malformed override: {exc}", f"override: {text}"))
            continue
        _apply(tree, problems, parts, raw, _override_source(parts, raw), from_env=False)
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


def relevant_env(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Return the (sorted) variables the loader reads; the cache key of the environment."""
    return tuple(
        sorted(
            (name, value)
            for name, value in env.items()
            if name.startswith(ENV_PREFIX) or name == MLFLOW_URI_VAR
        )
    )


def _apply_env(tree: ConfigTree, env: Mapping[str, str], problems: list[ConfigProblem]) -> None:
    """Apply ``RESUME_NER_<SECTION>__<KEY>[__<KEY>...]`` variables, sorted by name.

    Names are lower-cased and split on ``__``. Variables whose first part is not a config
    section (or that have no ``__``) belong to other parts of the system and are skipped.
    """
    for name, raw in relevant_env(env):
        rest = name[len(ENV_PREFIX) :]
        if not name.startswith(ENV_PREFIX) or ENV_SEPARATOR not in rest:
            continue
        parts = tuple(part.lower() for part in rest.split(ENV_SEPARATOR))
        if parts[0] not in ResumeNerConfig.model_fields:
            logger.debug("%s does not name a config section; ignored", name)
            continue
        _apply(tree, problems, parts, raw, f"env: {name}", from_env=True)


def _apply(
    tree: ConfigTree,
    problems: list[ConfigProblem],
    parts: KeyPath,
    raw: str,
    source: str,
    *,
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
        _apply(tree, problems, ("tracking", "uri"), uri, f"env: {MLFLOW_URI_VAR}", from_env=True)


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
