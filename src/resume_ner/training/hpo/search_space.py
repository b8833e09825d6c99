"""The search space of the config turned into Optuna suggestions and config overrides.

Parameters are suggested in the order they are declared (the order of the YAML mapping).
A parameter's ``when`` condition is evaluated against the parameters already suggested for
the trial, so it may only name parameters declared *before* it; a parameter whose condition
does not hold is not suggested at all (it is absent from the trial's params and overrides).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from resume_ner.infrastructure.config.keys import format_key, parse_key
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import CategoricalParam, FloatParam, IntParam

if TYPE_CHECKING:
    import optuna

SearchSpace = Mapping[str, FloatParam | IntParam | CategoricalParam]
"""Dotted config key -> parameter distribution, in suggestion order."""


class SearchSpaceError(ValueError):
    """A search-space parameter names an unknown config key, or a condition is malformed."""


def check_conditions(space: SearchSpace) -> None:
    """Check that every ``when`` condition names a parameter declared before it.

    Raises:
        SearchSpaceError: Naming the parameter and the condition key.
    """
    seen: list[str] = []
    for key, param in space.items():
        for name in param.when or {}:
            if name == key or name not in space:
                raise SearchSpaceError(
                    f"hpo.search_space.{format_key([key])}.when: {name!r} is not a parameter "
                    f"of the search space; known: {', '.join(space)}"
                )
            if name not in seen:
                raise SearchSpaceError(
                    f"hpo.search_space.{format_key([key])}.when: {name!r} is declared after "
                    f"{key!r}; declare the parameters a condition names before it"
                )
        seen.append(key)


def condition_holds(when: Mapping[str, Any] | None, params: Mapping[str, Any]) -> bool:
    """Whether every ``name: value`` of ``when`` matches ``params``.

    A parameter that was not suggested never matches; a list value matches any of its items
    (unless the parameter's own value is a list, which must then be equal).
    """
    for name, expected in (when or {}).items():
        if name not in params:
            return False
        actual = params[name]
        if isinstance(expected, list) and not isinstance(actual, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


def suggest_params(trial: optuna.trial.BaseTrial, space: SearchSpace) -> dict[str, Any]:
    """Ask ``trial`` for a value of every active parameter of ``space``.

    Optuna parameter names are the dotted config keys. Floats use ``suggest_float`` (log or
    step as declared), integers ``suggest_int`` and choices ``suggest_categorical``.

    Args:
        trial: The Optuna trial (or a fixed/frozen trial).
        space: The search space; order matters for ``when`` conditions (see the module).

    Returns:
        Dotted config key -> suggested value, for the parameters whose condition holds.

    Raises:
        SearchSpaceError: If a condition names an unknown or later parameter.
    """
    check_conditions(space)
    params: dict[str, Any] = {}
    for key, param in space.items():
        if not condition_holds(param.when, params):
            continue
        if isinstance(param, FloatParam):
            params[key] = trial.suggest_float(
                key, param.low, param.high, log=param.log, step=param.step
            )
        elif isinstance(param, IntParam):
            params[key] = trial.suggest_int(
                key, param.low, param.high, log=param.log, step=param.step
            )
        else:
            params[key] = trial.suggest_categorical(key, param.choices)
    return params


def apply_params(config: ResumeNerConfig, params: Mapping[str, Any]) -> ResumeNerConfig:
    """Return ``config`` with each dotted key of ``params`` set to its value, validated.

    Args:
        config: The base configuration (not modified).
        params: Dotted config key -> value (quoted parts allowed: ``a."b.c"``).

    Returns:
        A new validated configuration.

    Raises:
        SearchSpaceError: Naming the parameter when its key is unknown, does not lead to a
            config section, or its value is invalid there.
    """
    data = config.model_dump(mode="python")
    paths: dict[tuple[str, ...], str] = {}
    for key, value in params.items():
        try:
            parts = parse_key(key)
        except ValueError as exc:
            raise SearchSpaceError(f"search-space parameter {key!r}: {exc}") from None
        _set(data, parts, value, key)
        paths[parts] = key
    try:
        return ResumeNerConfig.model_validate(data)
    except ValidationError as exc:
        raise SearchSpaceError(_describe(exc, paths)) from None


def config_value(config: ResumeNerConfig, key: str) -> Any:
    """The value of dotted ``key`` in ``config`` (``None`` when the key is not set).

    Raises:
        SearchSpaceError: If ``key`` is malformed.
    """
    try:
        parts = parse_key(key)
    except ValueError as exc:
        raise SearchSpaceError(f"config key {key!r}: {exc}") from None
    node: Any = config.model_dump(mode="json")
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _set(data: dict[str, Any], parts: tuple[str, ...], value: Any, key: str) -> None:
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            where = format_key(parts[: depth + 1])
            what = "an unknown config key" if child is None else "not a config section"
            raise SearchSpaceError(f"search-space parameter {key!r}: {where!r} is {what}")
        node = child
    node[parts[-1]] = value


def _describe(error: ValidationError, paths: Mapping[tuple[str, ...], str]) -> str:
    lines = []
    for item in error.errors(include_url=False):
        loc = tuple(str(part) for part in item["loc"])
        param = next((key for parts, key in paths.items() if loc[: len(parts)] == parts), None)
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden" and param is not None:
            lines.append(f"search-space parameter {param!r} names an unknown config key")
        elif param is not None:
            lines.append(f"search-space parameter {param!r}: {message}")
        else:
            lines.append(f"{format_key(list(loc))}: {message}")
    return "; ".join(lines)
