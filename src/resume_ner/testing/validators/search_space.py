"""Search-space sanity: every key a real config key, every range valid, sample values accepted."""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from resume_ner.infrastructure.config.keys import format_key, parse_key
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import CategoricalParam, FloatParam, IntParam
from resume_ner.testing.checks import CheckResult, failed, passed, warned

_NAME = "config.search_space"
Param = FloatParam | IntParam | CategoricalParam


def _where(key: str) -> str:
    return f"hpo.search_space.{format_key([key])}"


def _unknown_key(data: dict[str, Any], parts: tuple[str, ...]) -> str | None:
    """Why ``parts`` is not a leaf key of ``data``, or ``None`` when it is."""
    node: Any = data
    for depth, part in enumerate(parts):
        if not isinstance(node, dict):
            return f"{format_key(parts[:depth])!r} is not a config section"
        if part not in node:
            hint = difflib.get_close_matches(part, [str(name) for name in node], n=1)
            prefix = format_key(parts[:depth]) or "the config"
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            return f"{format_key(parts)!r} is not a config key: {prefix} has no {part!r}{also}"
        node = node[part]
    if isinstance(node, dict):
        return f"{format_key(parts)!r} is a config section, not a value"
    return None


def _samples(param: Param) -> list[Any]:
    if isinstance(param, CategoricalParam):
        return list(param.choices)
    return [param.low, param.high]


def _rejected(data: dict[str, Any], parts: tuple[str, ...], value: Any) -> str | None:
    trial = copy.deepcopy(data)
    node = trial
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    try:
        ResumeNerConfig.model_validate(trial)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        return str(first["msg"]).removeprefix("Value error, ")
    return None


def _range_warnings(key: str, param: Param) -> Iterator[CheckResult]:
    where = _where(key)
    if isinstance(param, CategoricalParam):
        if len(param.choices) == 1:
            yield warned(_NAME, f"{where}: one choice ({param.choices[0]!r}): nothing to search")
        repeated = [c for i, c in enumerate(param.choices) if c in param.choices[:i]]
        if repeated:
            yield warned(_NAME, f"{where}: choices repeat {repeated!r}; the sampler favours them")
        return
    if param.low == param.high:
        yield warned(_NAME, f"{where}: low == high ({param.low!r}): nothing to search")
    step = param.step
    if step is not None and param.high > param.low:
        spans = (param.high - param.low) / step
        if not math.isclose(spans, round(spans), rel_tol=0, abs_tol=1e-9):
            yield warned(
                _NAME,
                f"{where}: high - low ({param.high - param.low:g}) is not a multiple of step "
                f"({step:g}); the top of the range is never sampled",
            )


def _conditions(key: str, param: Param, earlier: list[str], space: dict[str, Param]) -> list[str]:
    problems = []
    for name in param.when or {}:
        if name == key or name not in space:
            problems.append(f"{_where(key)}.when: {name!r} is not a parameter of the search space")
        elif name not in earlier:
            problems.append(
                f"{_where(key)}.when: {name!r} is declared after {key!r}; declare the "
                "parameters a condition names first"
            )
    return problems


def _param_problems(key: str, param: Param, data: dict[str, Any]) -> list[str]:
    try:
        parts = parse_key(key)
    except ValueError as exc:
        return [f"{_where(key)}: malformed key: {exc}"]
    unknown = _unknown_key(data, parts)
    if unknown is not None:
        return [f"{_where(key)}: {unknown}"]
    problems = []
    for value in _samples(param):
        reason = _rejected(data, parts, value)
        if reason is not None:
            problems.append(f"{_where(key)}: value {value!r} is invalid for {key}: {reason}")
    return problems


def check_search_space(config: ResumeNerConfig) -> list[CheckResult]:
    """Check ``hpo.search_space`` without running a trial.

    Every key must name a value of the config; its bounds (or each choice) are applied to
    the config and validated, so a range the config would reject fails here; conditions
    must name earlier parameters. Degenerate ranges and repeated choices give warnings.

    Returns:
        One failure per problem, warnings, or one passing result.
    """
    space: dict[str, Param] = dict(config.hpo.search_space)
    if not space:
        return [failed(_NAME, "hpo.search_space is empty: declare at least one parameter")]
    data = config.model_dump(mode="python")
    results: list[CheckResult] = []
    earlier: list[str] = []
    for key, param in space.items():
        problems = _param_problems(key, param, data) + _conditions(key, param, earlier, space)
        results.extend(failed(_NAME, problem, parameter=key) for problem in problems)
        if not problems:
            results.extend(_range_warnings(key, param))
        earlier.append(key)
    if not results:
        results.append(
            passed(_NAME, f"{len(space)} parameter(s) valid: {', '.join(space)}", keys=list(space))
        )
    return results
