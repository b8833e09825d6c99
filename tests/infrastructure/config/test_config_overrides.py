"""Dotted ``key=value`` overrides: every kind of value, quoted key parts, malformed ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_ner.infrastructure.config import (
    ConfigError,
    config_sources,
    format_key,
    load_config,
    parse_key,
)
from resume_ner.infrastructure.config.sections import CategoricalParam, FloatParam

WriteYaml = Callable[[str, str], Path]


def load(*overrides: str) -> object:
    return load_config(overrides=overrides, env={})


def test_scalar_values_are_parsed_as_yaml() -> None:
    config = load_config(
        overrides=[
            "training.learning_rate=3e-4",
            "training.epochs=3",
            "training.refit=true",
            "training.num_threads=2",
            "training.early_stopping_patience=null",
            "training.precision=bf16",
        ],
        env={},
    )
    assert config.training.learning_rate == pytest.approx(3e-4)
    assert config.training.epochs == 3
    assert config.training.refit is True
    assert config.training.num_threads == 2
    assert config.training.early_stopping_patience is None
    assert config.training.precision == "bf16"


def test_flow_values_lists_and_mappings() -> None:
    config = load_config(
        overrides=[
            "benchmark.batch_sizes=[8,16]",
            "data.sources=[{path: a.json, format: doccano}, {path: b.jsonl}]",
            "data.label_map={PER: NAME, MISC: null}",
        ],
        env={},
    )
    assert config.benchmark.batch_sizes == [8, 16]
    assert [(s.path, s.format) for s in config.data.sources] == [
        ("a.json", "doccano"),
        ("b.jsonl", "auto"),
    ]
    assert config.data.label_map == {"PER": "NAME", "MISC": None}


def test_list_without_brackets_is_split_on_commas() -> None:
    config = load_config(
        overrides=["serve.cors_origins=http://a.example, http://b.example"], env={}
    )
    assert config.serve.cors_origins == ["http://a.example", "http://b.example"]


def test_text_fields_keep_text_that_yaml_would_retype() -> None:
    config = load_config(
        overrides=["naming.project=1234", "data.name=yes", "tracking.uri=http://host:5000"], env={}
    )
    assert config.naming.project == "1234"
    assert config.data.name == "yes"
    assert config.tracking.uri == "http://host:5000"


def test_value_may_contain_equals_signs() -> None:
    config = load_config(overrides=["hpo.storage=postgresql://h/db?opt=a=b"], env={})
    assert config.hpo.storage == "postgresql://h/db?opt=a=b"


def test_quoted_key_part_edits_one_bound_of_the_default_search_space() -> None:
    config = load_config(overrides=['hpo.search_space."training.learning_rate".high=2e-3'], env={})
    param = config.hpo.search_space["training.learning_rate"]
    assert isinstance(param, FloatParam)
    assert (param.low, param.high, param.log) == (1e-4, 2e-3, True)
    assert set(config.hpo.search_space) == {
        "training.learning_rate",
        "training.batch_size",
        "model.dropout",
    }
    sources = config_sources(config)
    key = 'hpo.search_space."training.learning_rate".high'
    assert sources[key] == f"override: {key}=2e-3"
    assert sources['hpo.search_space."training.learning_rate".low'] == "default"


def test_quoted_key_part_adds_a_parameter_over_a_file_space(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "space.yaml",
        'hpo:\n  search_space:\n    "model.dropout": {type: float, low: 0.0, high: 0.2}\n',
    )
    config = load_config(
        [path],
        ['hpo.search_space."training.batch_size"={type: categorical, choices: [4, 8]}'],
        env={},
    )
    assert config.hpo.search_space["training.batch_size"] == CategoricalParam(
        type="categorical", choices=[4, 8]
    )
    assert set(config.hpo.search_space) == {"model.dropout", "training.batch_size"}


def test_override_wins_over_file(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 3}\n")
    config = load_config([path], ["training.epochs=7"], env={})
    assert config.training.epochs == 7
    assert config_sources(config)["training.epochs"] == "override: training.epochs=7"


def test_later_override_wins() -> None:
    config = load_config(overrides=["training.epochs=2", "training.epochs=5"], env={})
    assert config.training.epochs == 5


def test_secret_override_value_is_masked_in_sources() -> None:
    config = load_config(overrides=["serve.api_keys=[k1, k2]"], env={})
    assert [key.get_secret_value() for key in config.serve.api_keys] == ["k1", "k2"]
    assert config_sources(config)["serve.api_keys"] == "override: serve.api_keys=**********"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("training.epochs", "override: training.epochs: malformed override: expected key=value"),
        ("=3", "override: =3: malformed override: empty key"),
        ("training..epochs=3", "empty key part in 'training..epochs'"),
        ('hpo.search_space."a.b=1', "malformed override: expected key=value"),
        ('hpo."a.b"x=1', "expected '.' after the quoted part 'a.b'"),
    ],
)
def test_malformed_override_names_the_override(override: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=[override], env={})
    assert message in str(caught.value)
    assert caught.value.problems[0].source == f"override: {override}"


def test_every_malformed_override_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=["nokey", "training.epochs=[1", "x..y=1"], env={})
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[1].key == "training.epochs"
    assert problems[1].message.startswith("value is not valid YAML:")


def test_setting_inside_a_scalar_or_list_is_an_error() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=["training.epochs.x=1", "data.sources.0.path=a"], env={})
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "cannot set a key inside training.epochs: its value is a int, not a mapping",
        "cannot set a key inside data.sources: its value is a list, not a mapping",
    ]


def test_unknown_override_key_is_rejected_with_its_source() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=["training.lerning_rate=1e-3"], env={})
    (problem,) = caught.value.problems
    assert problem.key == "training.lerning_rate"
    assert problem.message.startswith("Extra inputs are not permitted")
    assert "did you mean 'learning_rate'" in problem.message
    assert problem.source == "override: training.lerning_rate=1e-3"


def test_key_parsing_and_formatting() -> None:
    assert parse_key('hpo.search_space."training.learning_rate".high') == (
        "hpo",
        "search_space",
        "training.learning_rate",
        "high",
    )
    assert format_key(("data", "sources", 0, "path")) == "data.sources[0].path"
    assert format_key(("a", "b.c")) == 'a."b.c"'


_part = st.text(alphabet=st.characters(blacklist_characters='"\n\r', codec="utf-8"), min_size=1)


@given(st.lists(_part.filter(lambda p: p.strip() == p), min_size=1, max_size=4))
def test_key_format_parse_round_trip(parts: list[str]) -> None:
    assert parse_key(format_key(parts)) == tuple(parts)


@given(st.integers(min_value=1, max_value=10_000), st.floats(1e-7, 1.0, allow_nan=False))
def test_override_round_trip_of_numbers(epochs: int, rate: float) -> None:
    config = load_config(
        overrides=[f"training.epochs={epochs}", f"training.learning_rate={rate!r}"], env={}
    )
    assert config.training.epochs == epochs
    assert config.training.learning_rate == rate
