"""The generated config reference and the descriptions it is built from."""

from __future__ import annotations

import re

from pydantic import BaseModel

from resume_ner.infrastructure.config import ResumeNerConfig, generate_config_reference
from resume_ner.infrastructure.config.reference import reference_rows
from resume_ner.infrastructure.config.sections import (
    TrainingConfig,
)


def test_every_field_of_every_model_has_a_description() -> None:
    rows = reference_rows(ResumeNerConfig)
    keys = {row.key for row in rows}
    assert {"data.sources[].format", "hpo.search_space.<key>.choices"} <= keys
    missing = [row.key for row in rows if not re.sub(r"^\([^)]*\) ", "", row.description).strip()]
    assert missing == []


def test_every_leaf_key_has_a_row() -> None:
    keys = {row.key for row in reference_rows(ResumeNerConfig)}

    def leaves(model: type[BaseModel], prefix: str) -> list[str]:
        out: list[str] = []
        for name, field in model.model_fields.items():
            nested = field.annotation
            if isinstance(nested, type) and issubclass(nested, BaseModel):
                out += leaves(nested, f"{prefix}{name}.")
            else:
                out.append(f"{prefix}{name}")
        return out

    expected = leaves(ResumeNerConfig, "")
    assert "platform.azureml.subscription_id" in expected
    assert set(expected) <= keys


def test_reference_has_one_table_per_section_with_nested_and_union_rows() -> None:
    text = generate_config_reference()
    for section in ResumeNerConfig.model_fields:
        assert f"## `{section}`" in text
    assert (
        "| `training.learning_rate` | `float` | `0.0005` | Peak AdamW learning rate of the encoder. |"
        in text
    )
    assert "| `data.split.train` | `float` | `0.8` |" in text
    assert "| `data.sources[].path` | `str` | required |" in text
    assert "| `hpo.search_space.<key>.low` | `float` | required | (float) Lower bound" in text
    assert "| `hpo.search_space.<key>.step` | `int` | `1` | (int) Step between values. |" in text
    assert "| `hpo.search_space.<key>.choices` | `list[any]` | required | (categorical)" in text
    assert '`"auto" \\| "fp32" \\| "bf16" \\| "fp16"`' in text
    assert "| `serve.api_keys` | `list[secret]` | `[]` |" in text
    assert "&lt;output_root&gt;" in text


def test_reference_of_a_single_model_is_one_table() -> None:
    text = generate_config_reference(TrainingConfig)
    lines = text.splitlines()
    assert lines[0] == "| Key | Type | Default | Description |"
    assert len(lines) == 2 + len(TrainingConfig.model_fields)
    assert "| `epochs` | `int` | `10` | Maximum training epochs. |" in lines
