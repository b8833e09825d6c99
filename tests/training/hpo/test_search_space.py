"""Search space -> Optuna suggestions -> validated config overrides."""

from __future__ import annotations

import re
from pathlib import Path

import optuna
import pytest

from resume_ner.infrastructure.config import ConfigError, load_config
from resume_ner.infrastructure.config.sections.hpo import CategoricalParam, FloatParam, IntParam
from resume_ner.training.hpo import SearchSpaceError, condition_holds, suggest_params
from resume_ner.training.hpo.search_space import check_conditions


def _study() -> optuna.Study:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=3))


def test_each_kind_is_suggested_within_its_distribution() -> None:
    space = {
        "training.learning_rate": FloatParam(type="float", low=1e-5, high=1e-3, log=True),
        "model.dropout": FloatParam(type="float", low=0.0, high=0.3, step=0.1),
        "training.epochs": IntParam(type="int", low=2, high=8, step=2),
        "training.batch_size": CategoricalParam(type="categorical", choices=[8, 16, 32]),
    }
    study = _study()
    for _ in range(20):
        trial = study.ask()
        params = suggest_params(trial, space)
        assert list(params) == list(space)
        assert 1e-5 <= params["training.learning_rate"] <= 1e-3
        assert round(params["model.dropout"], 6) in {0.0, 0.1, 0.2, 0.3}
        assert params["training.epochs"] in {2, 4, 6, 8}
        assert params["training.batch_size"] in {8, 16, 32}
        study.tell(trial, 0.0)
    distributions = study.trials[0].distributions
    assert distributions["training.learning_rate"] == optuna.distributions.FloatDistribution(
        1e-5, 1e-3, log=True
    )
    assert distributions["training.epochs"] == optuna.distributions.IntDistribution(2, 8, step=2)


def test_when_condition_uses_earlier_params_only() -> None:
    space = {
        "model.shape_features": CategoricalParam(type="categorical", choices=[True, False]),
        "model.shape_embedding_dim": IntParam(
            type="int", low=8, high=32, step=8, when={"model.shape_features": True}
        ),
    }
    on = suggest_params(
        optuna.trial.FixedTrial({"model.shape_features": True, "model.shape_embedding_dim": 16}),
        space,
    )
    assert on == {"model.shape_features": True, "model.shape_embedding_dim": 16}
    off = suggest_params(optuna.trial.FixedTrial({"model.shape_features": False}), space)
    assert off == {"model.shape_features": False}


def test_condition_naming_a_later_or_unknown_param_is_an_error() -> None:
    later = {
        "model.shape_embedding_dim": IntParam(
            type="int", low=8, high=32, when={"model.shape_features": True}
        ),
        "model.shape_features": CategoricalParam(type="categorical", choices=[True, False]),
    }
    with pytest.raises(
        SearchSpaceError, match=re.escape("'model.shape_features' is declared after")
    ):
        check_conditions(later)
    unknown = {"model.dropout": FloatParam(type="float", low=0, high=0.3, when={"x.y": 1})}
    with pytest.raises(
        SearchSpaceError, match=re.escape("'x.y' is not a parameter of the search space")
    ):
        check_conditions(unknown)


def test_condition_list_value_means_one_of() -> None:
    assert condition_holds({"a": [1, 2]}, {"a": 2})
    assert not condition_holds({"a": [1, 2]}, {"a": 3})
    assert condition_holds({"a": [1, 2]}, {"a": [1, 2]})
    assert not condition_holds({"a": 1}, {})
    assert condition_holds(None, {})


def test_empty_space_and_reversed_range_are_rejected_with_their_key(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("hpo:\n  search_space: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(empty, env={})
    assert "hpo: search_space is empty: declare at least one parameter" in str(info.value)
    bad = 'hpo.search_space."model.dropout"={type: float, low: 0.5, high: 0.1}'
    with pytest.raises(ConfigError) as info:
        load_config((), [bad], env={})
    text = str(info.value)
    assert 'hpo.search_space."model.dropout"' in text
    assert "low (0.5) must be <= high (0.1)" in text
