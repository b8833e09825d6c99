"""Samplers and pruners built from config."""

from __future__ import annotations

import re

import optuna
import pytest

from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    IntParam,
    PrunerConfig,
    SamplerConfig,
)
from resume_ner.training.hpo import SearchSpaceError, grid_values, make_pruner, make_sampler

SPACE = {
    "training.learning_rate": FloatParam(type="float", low=1e-4, high=1e-3, log=True),
    "model.dropout": FloatParam(type="float", low=0.0, high=0.3),
}
GRID_SPACE = {
    "training.batch_size": CategoricalParam(type="categorical", choices=[8, 16]),
    "model.dropout": FloatParam(type="float", low=0.0, high=0.2, step=0.1),
    "training.epochs": IntParam(type="int", low=1, high=5, step=2),
}


def _first_params(sampler: optuna.samplers.BaseSampler) -> dict[str, float]:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=sampler)
    trial = study.ask()
    return {key: trial.suggest_float(key, p.low, p.high, log=p.log) for key, p in SPACE.items()}


def test_tpe_is_seeded_and_honours_startup_trials() -> None:
    config = SamplerConfig(type="tpe", seed=7, n_startup_trials=3)
    sampler = make_sampler(config, SPACE)
    assert isinstance(sampler, optuna.samplers.TPESampler)
    assert sampler._n_startup_trials == 3
    assert _first_params(make_sampler(config, SPACE)) == _first_params(make_sampler(config, SPACE))
    shifted = make_sampler(config, SPACE, seed_offset=1)
    assert _first_params(shifted) != _first_params(make_sampler(config, SPACE))


def test_random_sampler() -> None:
    sampler = make_sampler(SamplerConfig(type="random", seed=1), SPACE)
    assert isinstance(sampler, optuna.samplers.RandomSampler)


def test_grid_enumerates_categorical_and_stepped_params() -> None:
    assert grid_values(GRID_SPACE) == {
        "training.batch_size": [8, 16],
        "model.dropout": [0.0, 0.1, 0.2],
        "training.epochs": [1, 3, 5],
    }
    sampler = make_sampler(SamplerConfig(type="grid"), GRID_SPACE)
    assert isinstance(sampler, optuna.samplers.GridSampler)


def test_grid_over_continuous_params_is_a_clear_error() -> None:
    with pytest.raises(SearchSpaceError) as info:
        make_sampler(SamplerConfig(type="grid"), SPACE)
    assert str(info.value) == (
        "hpo.sampler.type=grid needs categorical or stepped parameters; "
        "'training.learning_rate', 'model.dropout' have no finite grid "
        "(give a float a step, an int log=false, or use tpe/random)"
    )


def test_too_large_grid_is_refused() -> None:
    space = {f"data.p{i}": IntParam(type="int", low=1, high=100) for i in range(3)}
    with pytest.raises(SearchSpaceError, match=re.escape("the grid has 1000000 points")):
        grid_values(space)


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("median", optuna.pruners.MedianPruner),
        ("successive_halving", optuna.pruners.SuccessiveHalvingPruner),
        ("hyperband", optuna.pruners.HyperbandPruner),
        ("none", optuna.pruners.NopPruner),
    ],
)
def test_pruner_kinds(kind: str, cls: type) -> None:
    assert isinstance(make_pruner(PrunerConfig(type=kind), max_resource=6), cls)


def test_median_pruner_settings_come_from_config() -> None:
    pruner = make_pruner(PrunerConfig(n_startup_trials=4, n_warmup_steps=2), max_resource=6)
    assert isinstance(pruner, optuna.pruners.MedianPruner)
    assert pruner._n_startup_trials == 4
    assert pruner._n_warmup_steps == 2


def test_hyperband_max_resource_is_epochs_per_trial() -> None:
    pruner = make_pruner(PrunerConfig(type="hyperband", min_resource=1), max_resource=9)
    assert isinstance(pruner, optuna.pruners.HyperbandPruner)
    assert pruner._max_resource == 9
