"""Resolved dict and YAML dump: secrets masked, dump loads back, shipped configs valid."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from resume_ner.infrastructure.config import (
    ResumeNerConfig,
    config_sources,
    dump_config,
    load_config,
    resolved_dict,
)

WriteYaml = Callable[[str, str], Path]
CONFIGS = Path(__file__).resolve().parents[3] / "configs"


def test_resolved_dict_is_json_and_masks_secrets() -> None:
    config = load_config(env={"RESUME_NER_SERVE__API_KEYS": "s3cret-1,s3cret-2"})
    data = resolved_dict(config)
    assert data["serve"]["api_keys"] == ["**********", "**********"]
    assert "s3cret" not in json.dumps(data)
    assert "s3cret" not in dump_config(config)


def test_dump_loads_back_to_an_equal_config(write_yaml: WriteYaml) -> None:
    config = load_config(
        overrides=[
            "training.learning_rate=3e-5",
            'hpo.search_space."training.warmup_ratio"={type: float, low: 0.0, high: 0.2}',
            "data.label_map={PER: NAME, X: null}",
        ],
        env={},
    )
    path = write_yaml("dumped.yaml", dump_config(config))
    assert load_config([path], env={}) == config


def test_shipped_default_config_is_valid_and_equals_the_defaults() -> None:
    config = load_config([CONFIGS / "default.yaml"], env={})
    assert config == ResumeNerConfig()
    sources = config_sources(config)
    include = str(CONFIGS / "base" / "search_space.yaml")
    assert sources['hpo.search_space."training.learning_rate".high'] == include
    assert sources["training.epochs"] == str(CONFIGS / "default.yaml")
