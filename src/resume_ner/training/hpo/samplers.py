"""The Optuna sampler of a study: TPE (seeded), random, or a grid over discrete parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    IntParam,
    SamplerConfig,
)
from resume_ner.training.hpo.search_space import SearchSpace, SearchSpaceError

if TYPE_CHECKING:
    import optuna

MAX_GRID_POINTS = 100_000
"""Largest grid a grid sampler accepts."""


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
