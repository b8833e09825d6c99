"""Environment variables: nesting with ``__``, typed parsing and precedence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ConfigError, config_sources, load_config

WriteYaml = Callable[[str, str], Path]


def test_nested_variables_set_their_keys() -> None:
    env = {
        "RESUME_NER_TRACKING__URI": "http://mlflow.internal:5000",
        "RESUME_NER_HPO__STORAGE": "postgresql://u:p@db/optuna",
        "RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID": "0123-abcd",
        "RESUME_NER_TRAINING__EPOCHS": "4",
        "RESUME_NER_TRAINING__REFIT": "true",
        "RESUME_NER_BENCHMARK__BATCH_SIZES": "[2, 4]",
    }
    config = load_config(env=env)
    assert config.tracking.uri == "http://mlflow.internal:5000"
    assert config.hpo.storage == "postgresql://u:p@db/optuna"
    assert config.platform.azureml.subscription_id == "0123-abcd"
    assert config.training.epochs == 4
    assert config.training.refit is True
    assert config.benchmark.batch_sizes == [2, 4]
    sources = config_sources(config)
    assert sources["platform.azureml.subscription_id"] == (
        "env: RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID"
    )


def test_text_values_are_verbatim() -> None:
    config = load_config(
        env={"RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP": "007", "RESUME_NER_DATA__NAME": "on"}
    )
    assert config.platform.azureml.resource_group == "007"
    assert config.data.name == "on"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("key-a,key-b", ["key-a", "key-b"]), ('["key-a", "key,b"]', ["key-a", "key,b"]), ("", [])],
)
def test_api_keys_as_comma_list_or_json_list(value: str, expected: list[str]) -> None:
    config = load_config(env={"RESUME_NER_SERVE__API_KEYS": value})
    assert [key.get_secret_value() for key in config.serve.api_keys] == expected


def test_precedence_file_then_env_then_override(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 2, batch_size: 4, seed: 1}\n")
    env = {"RESUME_NER_TRAINING__EPOCHS": "3", "RESUME_NER_TRAINING__BATCH_SIZE": "16"}
    config = load_config([path], ["training.epochs=5"], env=env)
    assert (config.training.epochs, config.training.batch_size, config.training.seed) == (5, 16, 1)
    sources = config_sources(config)
    assert sources["training.epochs"] == "override: training.epochs=5"
    assert sources["training.batch_size"] == "env: RESUME_NER_TRAINING__BATCH_SIZE"
    assert sources["training.seed"] == str(path)


def test_mlflow_tracking_uri_fills_an_unset_uri(write_yaml: WriteYaml) -> None:
    config = load_config(env={"MLFLOW_TRACKING_URI": "http://fallback:5000"})
    assert config.tracking.uri == "http://fallback:5000"
    assert config_sources(config)["tracking.uri"] == "env: MLFLOW_TRACKING_URI"
    null_file = write_yaml("null.yaml", "tracking: {uri: null}\n")
    assert load_config([null_file], env={"MLFLOW_TRACKING_URI": "x://y"}).tracking.uri == "x://y"


@pytest.mark.parametrize(
    ("files_text", "env", "overrides", "expected"),
    [
        ("tracking: {uri: 'sqlite:///file.db'}\n", {}, [], "sqlite:///file.db"),
        ("", {"RESUME_NER_TRACKING__URI": "http://ours"}, [], "http://ours"),
        ("", {}, ["tracking.uri=http://cli"], "http://cli"),
    ],
)
def test_mlflow_tracking_uri_loses_to_every_explicit_setting(
    write_yaml: WriteYaml, files_text: str, env: dict[str, str], overrides: list[str], expected: str
) -> None:
    path = write_yaml("t.yaml", files_text)
    config = load_config([path], overrides, env={**env, "MLFLOW_TRACKING_URI": "http://mlflow"})
    assert config.tracking.uri == expected


def test_variables_of_other_components_are_ignored() -> None:
    config = load_config(env={"RESUME_NER_HOME": "/x", "RESUME_NER_CACHE__DIR": "/y", "PATH": "/b"})
    assert config == load_config(env={})


def test_unknown_key_in_a_section_is_rejected_with_the_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env={"RESUME_NER_TRAINING__EPOCS": "3"})
    (problem,) = caught.value.problems
    assert (problem.key, problem.source) == ("training.epocs", "env: RESUME_NER_TRAINING__EPOCS")
    assert problem.message == "Extra inputs are not permitted (did you mean 'epochs'?)"


def test_bad_value_names_the_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env={"RESUME_NER_SERVE__PORT": "eighty"})
    assert str(caught.value) == (
        "Invalid configuration (1 problem):\n"
        "  serve.port: Input should be a valid integer, unable to parse string as an integer "
        "(source: env: RESUME_NER_SERVE__PORT)"
    )


def test_os_environ_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_NER_TRAINING__SEED", "99")
    assert load_config().training.seed == 99
