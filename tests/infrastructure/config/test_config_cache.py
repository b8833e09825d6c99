"""Caching: the same inputs give the same object; a changed file is read again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from resume_ner.infrastructure.config import clear_config_cache, load_config

WriteYaml = Callable[[str, str], Path]


def test_same_inputs_give_the_identical_object(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 3}\n")
    env = {"RESUME_NER_TRAINING__SEED": "5", "UNRELATED": "1"}
    first = load_config([path], ["training.batch_size=4"], env=env)
    assert load_config([str(path)], ["training.batch_size=4"], env=env) is first
    assert load_config([path], ["training.batch_size=4"], env={**env, "UNRELATED": "2"}) is first


def test_different_overrides_or_env_give_another_object(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 3}\n")
    base = load_config([path], env={})
    assert load_config([path], ["training.epochs=3"], env={}) is not base
    other = load_config([path], env={"RESUME_NER_TRAINING__SEED": "1"})
    assert other is not base
    assert other.training.seed == 1


def test_a_changed_file_is_read_again(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 3}\n")
    first = load_config([path], env={})
    stat = path.stat()
    path.write_text("training: {epochs: 12}\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_config([path], env={})
    assert second is not first
    assert second.training.epochs == 12
    assert load_config([path], env={}) is second


def test_a_changed_include_is_read_again(write_yaml: WriteYaml) -> None:
    base = write_yaml("base.yaml", "training: {epochs: 3}\n")
    main = write_yaml("main.yaml", "defaults: [base.yaml]\n")
    first = load_config([main], env={})
    stat = base.stat()
    base.write_text("training: {epochs: 30}\n", encoding="utf-8")
    os.utime(base, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_config([main], env={}).training.epochs == 30
    assert first.training.epochs == 3


def test_clear_config_cache_forces_a_new_object(write_yaml: WriteYaml) -> None:
    path = write_yaml("a.yaml", "training: {epochs: 3}\n")
    first = load_config([path], env={})
    clear_config_cache()
    second = load_config([path], env={})
    assert second is not first
    assert second == first
