"""apply_overrides: typed dotted-key values on a built config, validated, problems named."""

from __future__ import annotations

import pytest

from resume_ner.infrastructure.config import (
    ConfigError,
    ResumeNerConfig,
    apply_overrides,
    config_value,
)


def test_sets_dotted_keys_and_validates() -> None:
    base = ResumeNerConfig()
    tuned = apply_overrides(base, {"training.learning_rate": 1e-4, "model.dropout": 0.2})
    assert tuned.training.learning_rate == 1e-4
    assert tuned.model.dropout == 0.2
    assert base.training.learning_rate == 5e-4  # base untouched
    assert config_value(tuned, "training.learning_rate") == 1e-4
    assert config_value(tuned, "training.nothing") is None


def test_quoted_parts_reach_keys_with_dots() -> None:
    key = 'hpo.search_space."model.dropout".high'
    tuned = apply_overrides(ResumeNerConfig(), {key: 0.25})
    assert tuned.hpo.search_space["model.dropout"].high == 0.25
    assert config_value(tuned, key) == 0.25
    with pytest.raises(ValueError, match="unclosed quote"):
        config_value(tuned, 'hpo."x')


def test_names_an_unknown_key_with_its_source() -> None:
    with pytest.raises(ConfigError) as info:
        apply_overrides(ResumeNerConfig(), {"training.lr": 1e-4}, "search-space parameter")
    assert [str(p) for p in info.value.problems] == [
        "training.lr: Extra inputs are not permitted (source: search-space parameter: training.lr)"
    ]
    with pytest.raises(ConfigError, match=r"trainings: .*did you mean 'training'"):
        apply_overrides(ResumeNerConfig(), {"trainings.lr": 1e-4})
    with pytest.raises(ConfigError, match=r"inside training\.epochs: its value is a int"):
        apply_overrides(ResumeNerConfig(), {"training.epochs.max": 3})
    with pytest.raises(ConfigError, match=r"a\.\.b: empty key part"):
        apply_overrides(ResumeNerConfig(), {"a..b": 3})


def test_names_the_key_of_an_invalid_value() -> None:
    with pytest.raises(ConfigError) as info:
        apply_overrides(ResumeNerConfig(), {"model.dropout": 1.5, "training.epochs": 0})
    keys = sorted(problem.key for problem in info.value.problems)
    assert keys == ["model.dropout", "training.epochs"]
    assert "less than 1" in str(info.value)
