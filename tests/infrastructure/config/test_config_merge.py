"""Merging files left to right, ``defaults:`` includes, cycles and provenance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ConfigError, config_sources, load_config

WriteYaml = Callable[[str, str], Path]


def test_no_files_gives_the_model_defaults() -> None:
    config = load_config(env={})
    assert config.training.epochs == 10
    assert set(config_sources(config).values()) == {"default"}


def test_files_merge_left_to_right_deeply_and_lists_are_replaced(write_yaml: WriteYaml) -> None:
    first = write_yaml(
        "a.yaml",
        "training: {epochs: 3, batch_size: 4}\nbenchmark: {batch_sizes: [1, 2, 4]}\n",
    )
    second = write_yaml("b.yaml", "training: {epochs: 5}\nbenchmark: {batch_sizes: [16]}\n")
    config = load_config([first, second], env={})
    assert config.training.epochs == 5
    assert config.training.batch_size == 4
    assert config.benchmark.batch_sizes == [16]
    sources = config_sources(config)
    assert sources["training.epochs"] == str(second)
    assert sources["training.batch_size"] == str(first)
    assert sources["benchmark.batch_sizes"] == str(second)
    assert sources["training.learning_rate"] == "default"


def test_defaults_are_loaded_first_relative_to_the_file(write_yaml: WriteYaml) -> None:
    base = write_yaml("base/common.yaml", "training: {epochs: 2, seed: 7}\nmodel: {dropout: 0.2}\n")
    extra = write_yaml("base/extra.yaml", "training: {seed: 8}\n")
    main = write_yaml(
        "exp/main.yaml",
        "defaults: [../base/common.yaml, ../base/extra.yaml]\ntraining: {epochs: 4}\n",
    )
    config = load_config([main], env={})
    assert (config.training.epochs, config.training.seed, config.model.dropout) == (4, 8, 0.2)
    sources = config_sources(config)
    assert sources["training.epochs"] == str(main)
    assert sources["training.seed"] == str(extra)
    assert sources["model.dropout"] == str(base)


def test_nested_includes_and_a_diamond_are_not_cycles(write_yaml: WriteYaml) -> None:
    write_yaml("root.yaml", "training: {epochs: 1}\n")
    write_yaml("left.yaml", "defaults: [root.yaml]\ntraining: {seed: 1}\n")
    write_yaml("right.yaml", "defaults: root.yaml\ntraining: {batch_size: 2}\n")
    top = write_yaml("top.yaml", "defaults: [left.yaml, right.yaml]\n")
    config = load_config([top], env={})
    assert (config.training.epochs, config.training.seed, config.training.batch_size) == (1, 1, 2)


def test_include_cycle_names_the_chain(write_yaml: WriteYaml, tmp_path: Path) -> None:
    write_yaml("a.yaml", "defaults: [b.yaml]\n")
    write_yaml("b.yaml", "defaults: [c.yaml]\n")
    write_yaml("c.yaml", "defaults: [a.yaml]\n")
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path / "a.yaml"], env={})
    a, b, c = (tmp_path / name for name in ("a.yaml", "b.yaml", "c.yaml"))
    assert f"include cycle: {a} -> {b} -> {c} -> {a}" in str(caught.value)


def test_a_file_including_itself_is_a_cycle(write_yaml: WriteYaml) -> None:
    path = write_yaml("self.yaml", "defaults: [self.yaml]\n")
    with pytest.raises(ConfigError, match=r"include cycle: .*self\.yaml -> .*self\.yaml"):
        load_config([path], env={})


def test_missing_include_names_the_including_file(write_yaml: WriteYaml, tmp_path: Path) -> None:
    main = write_yaml("main.yaml", "defaults: [nowhere.yaml]\n")
    with pytest.raises(ConfigError) as caught:
        load_config([main], env={})
    assert str(caught.value) == (
        "Cannot read configuration files (1 problem):\n"
        f"  {tmp_path / 'nowhere.yaml'}: no such file (included from {main})"
    )


def test_defaults_must_be_a_list_of_paths(write_yaml: WriteYaml) -> None:
    path = write_yaml("bad.yaml", "defaults: {a: 1}\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml: 'defaults' must be a list of file paths"):
        load_config([path], env={})


def test_empty_file_is_an_empty_layer(write_yaml: WriteYaml) -> None:
    path = write_yaml("empty.yaml", "# nothing here\n")
    assert load_config([path], env={}) == load_config(env={})


def test_a_mapping_replaced_by_a_later_scalar_forgets_old_sources(write_yaml: WriteYaml) -> None:
    first = write_yaml("a.yaml", "data: {label_map: {PER: NAME, ORG: COMPANY}}\n")
    second = write_yaml("b.yaml", "data: {label_map: {PER: null}}\n")
    config = load_config([first, second], env={})
    assert config.data.label_map == {"PER": None, "ORG": "COMPANY"}
    sources = config_sources(config)
    assert sources["data.label_map.PER"] == str(second)
    assert sources["data.label_map.ORG"] == str(first)


def test_search_space_in_a_file_replaces_the_default_space(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "hpo.yaml",
        'hpo:\n  search_space:\n    "training.weight_decay": {type: float, low: 0, high: 0.1}\n',
    )
    config = load_config([path], env={})
    assert list(config.hpo.search_space) == ["training.weight_decay"]


def test_config_sources_rejects_a_config_not_from_the_loader() -> None:
    from resume_ner.infrastructure.config import ResumeNerConfig

    with pytest.raises(ValueError, match="not created by load_config"):
        config_sources(ResumeNerConfig())


def test_a_single_path_and_a_single_override_are_accepted(write_yaml: WriteYaml) -> None:
    path = write_yaml("one.yaml", "training: {epochs: 6}\n")
    config = load_config(str(path), "training.seed=3", env={})
    assert (config.training.epochs, config.training.seed) == (6, 3)
    assert load_config(path, "training.seed=3", env={}) is config
