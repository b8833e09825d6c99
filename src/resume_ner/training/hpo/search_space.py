"""The search space of the config: Optuna suggestions, the sampler and the pruner.

Parameters are suggested in the order they are declared (the order of the YAML mapping).
A parameter's ``when`` condition is evaluated against the parameters already suggested for
the trial, so it may only name parameters declared *before* it; a parameter whose condition
does not hold is not suggested at all (it is absent from the trial's params and overrides).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resume_ner.infrastructure.config import apply_overrides
from resume_ner.infrastructure.config.keys import format_key
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    IntParam,
    PrunerConfig,
    SamplerConfig,
)

if TYPE_CHECKING:
    import optuna

MAX_GRID_POINTS = 100_000
"""Largest grid a grid sampler accepts."""

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


def check_search_space(config: ResumeNerConfig) -> None:
    """Fail before any trial when the search space cannot apply to the config.

    Checks the ``when`` conditions and applies a representative value of every parameter
    (low bound or first choice) to the config.

    Raises:
        SearchSpaceError: For a malformed condition (naming the parameter).
        ConfigError: Naming a parameter that is not a config key or whose value is invalid.
    """
    space = config.hpo.search_space
    check_conditions(space)
    sample = {
        key: param.choices[0] if isinstance(param, CategoricalParam) else param.low
        for key, param in space.items()
    }
    apply_overrides(config, sample, "search-space parameter")


def grid_values(space: SearchSpace) -> dict[str, list[Any]]:
    """The grid of ``space``: every choice of categorical parameters, every step of stepped ones.

    Integers step by ``step``; floats need a ``step``; log-scaled or unstepped floats have no
    finite grid.

    Raises:
        SearchSpaceError: Naming each parameter that cannot be put on a grid, or when the grid
            exceeds :data:`MAX_GRID_POINTS`.
    """
    grid: dict[str, list[Any]] = {}
    problems: list[str] = []
    for key, param in space.items():
        if isinstance(param, CategoricalParam):
            grid[key] = list(param.choices)
        elif isinstance(param, IntParam) and not param.log:
            grid[key] = list(range(param.low, param.high + 1, param.step))
        elif isinstance(param, FloatParam) and param.step is not None:
            count = round((param.high - param.low) / param.step) + 1
            grid[key] = [round(param.low + i * param.step, 12) for i in range(count)]
        else:
            problems.append(key)
    if problems:
        raise SearchSpaceError(
            "hpo.sampler.type=grid needs categorical or stepped parameters; "
            f"{', '.join(repr(key) for key in problems)} "
            f"{'has' if len(problems) == 1 else 'have'} no finite grid "
            "(give a float a step, an int log=false, or use tpe/random)"
        )
    size = 1
    for values in grid.values():
        size *= len(values)
    if size > MAX_GRID_POINTS:
        raise SearchSpaceError(
            f"hpo.sampler.type=grid: the grid has {size} points, more than {MAX_GRID_POINTS}"
        )
    return grid


def make_sampler(
    config: SamplerConfig, space: SearchSpace, *, seed_offset: int = 0
) -> optuna.samplers.BaseSampler:
    """Build the sampler of ``config``.

    Args:
        config: The sampler section (type, seed, TPE startup trials).
        space: The search space (the grid sampler enumerates it).
        seed_offset: Added to the seed, so workers sharing a study draw different values.

    Raises:
        SearchSpaceError: For a grid over a parameter without a finite grid.
    """
    import optuna

    seed = None if config.seed is None else config.seed + seed_offset
    if config.type == "tpe":
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=config.n_startup_trials)
    if config.type == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.GridSampler(grid_values(space), seed=seed)


def make_pruner(config: PrunerConfig, max_resource: int) -> optuna.pruners.BasePruner:
    """Build the pruner of ``config``.

    Steps are epochs (1-based), or completed folds with a k-fold objective.

    Args:
        config: The pruner section.
        max_resource: Most steps a trial reports (epochs per trial, or k); the Hyperband
            maximum resource.

    Returns:
        A median, successive-halving, Hyperband or no-op pruner.
    """
    import optuna

    if config.type == "median":
        return optuna.pruners.MedianPruner(
            n_startup_trials=config.n_startup_trials, n_warmup_steps=config.n_warmup_steps
        )
    if config.type == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner(
            min_resource=config.min_resource, reduction_factor=config.reduction_factor
        )
    if config.type == "hyperband":
        return optuna.pruners.HyperbandPruner(
            min_resource=config.min_resource,
            max_resource=max(max_resource, config.min_resource),
            reduction_factor=config.reduction_factor,
        )
    return optuna.pruners.NopPruner()
