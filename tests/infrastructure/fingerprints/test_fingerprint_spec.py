"""Tests of spec_fp: stability over spellings and orders, sensitivity, exclusions, errors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from resume_ner.infrastructure.config.sections import DataConfig, ModelConfig, TrainingConfig
from resume_ner.infrastructure.fingerprints import SPEC_EXCLUDED_FIELDS, data_fp, spec_fp

DATA_FP = "d" * 64

# Golden value for all-default configs and DATA_FP. It changes when the recipe, the excluded
# fields or a config default/field changes: each of those invalidates reuse of earlier runs,
# so only update it on purpose.
GOLDEN_SPEC_FP = "a5c864f72bb60ccf01e19c8c3e661283640a3bf9252daea12dedca09f97abeb4"


def _spec(
    model: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    training: dict[str, Any] | None = None,
    seed: int | None = None,
    fp: str = DATA_FP,
) -> str:
    return spec_fp(model or {}, data or {}, training or {}, seed, data_fp=fp).value


def test_golden_value() -> None:
    assert _spec() == GOLDEN_SPEC_FP


def test_pydantic_models_and_dicts_agree() -> None:
    from_models = spec_fp(ModelConfig(), DataConfig(), TrainingConfig(), data_fp=DATA_FP)
    assert from_models.value == _spec()
    explicit_defaults = TrainingConfig().model_dump()
    assert _spec(training=explicit_defaults) == _spec()


def test_key_order_and_float_spelling_do_not_matter() -> None:
    a = _spec(training={"learning_rate": 1e-4, "weight_decay": 0.0, "epochs": 3})
    b = _spec(training={"epochs": 3, "weight_decay": 0, "learning_rate": 0.0001})
    c = _spec(training={"epochs": 3, "weight_decay": 0, "learning_rate": "1e-4"})
    assert a == b == c
    d1 = {"label_map": {"Name": "NAME", "Email Address": "EMAIL"}, "max_length": 200}
    d2 = {"max_length": 200, "label_map": {"Email Address": "EMAIL", "Name": "NAME"}}
    assert _spec(data=d1) == _spec(data=d2)


INCLUDED_TRAINING_CHANGES: dict[str, Any] = {
    "epochs": 11,
    "batch_size": 16,
    "learning_rate": 5e-5,
    "head_learning_rate": 1e-3,
    "max_minutes": 30.0,
    "weight_decay": 0.0,
    "warmup_ratio": 0.2,
    "max_grad_norm": 0.5,
    "gradient_accumulation_steps": 2,
    "group_by_length": False,
    "early_stopping_patience": None,
    "checkpoint_selection": "last",
    "precision": "bf16",
    "save_best": False,
    "refit": True,
    "nproc_per_node": 2,
    "nnodes": 2,
}
EXCLUDED_TRAINING_CHANGES: dict[str, Any] = {
    "seed": 7,
    "num_threads": 2,
    "torch_compile": True,
    "eval_batch_size": 64,
    "save_last": False,
    "launcher": "torchrun",
    "rdzv_endpoint": "head:29400",
    "rdzv_id": "job-7",
}


def test_every_training_field_is_classified() -> None:
    fields = set(TrainingConfig.model_fields)
    assert set(INCLUDED_TRAINING_CHANGES) | set(EXCLUDED_TRAINING_CHANGES) == fields
    assert set(EXCLUDED_TRAINING_CHANGES) == SPEC_EXCLUDED_FIELDS["training"]


@pytest.mark.parametrize(("field", "value"), sorted(INCLUDED_TRAINING_CHANGES.items()))
def test_training_fields_that_matter_change_the_value(field: str, value: Any) -> None:
    assert _spec(training={field: value}) != _spec()


@pytest.mark.parametrize(("field", "value"), sorted(EXCLUDED_TRAINING_CHANGES.items()))
def test_excluded_training_fields_keep_the_value(field: str, value: Any) -> None:
    assert _spec(training={field: value}, seed=42) == _spec(seed=42)


def test_the_ranks_count_not_how_they_spread_over_nodes() -> None:
    two_nodes = _spec(training={"nnodes": 2})
    assert two_nodes == _spec(training={"nproc_per_node": 2})
    assert two_nodes != _spec(training={"nnodes": 2, "nproc_per_node": 2})


def test_seed_defaults_to_training_seed_and_counts() -> None:
    assert _spec(training={"seed": 7}) == _spec(seed=7)
    assert _spec(seed=7) != _spec(seed=8)
    assert _spec(training={"seed": 7}) != _spec(training={"seed": 8})


@pytest.mark.parametrize(
    "change",
    [
        {"max_length": 200},
        {"stride": 32},
        {"label_all_subtokens": True},
        {"label_preset": "none"},
        {"label_map": {"Skills": "SKILLS"}},
        {"labels": ["NAME", "EMAIL"]},
        {"seed": 1},
        {"split": {"train": 0.7, "validation": 0.2, "test": 0.1}},
        {"sources": [{"path": "bundled:demo", "format": "dataturks"}]},
        {"sources": [{"path": "bundled:demo", "format": "native", "label_map": {"a": "NAME"}}]},
    ],
)
def test_data_processing_fields_change_the_value(change: dict[str, Any]) -> None:
    assert _spec(data=change) != _spec()


def test_data_name_and_source_paths_are_excluded() -> None:
    moved = {"name": "other", "sources": [{"path": "/mnt/x/resumes", "format": "native"}]}
    assert _spec(data=moved) == _spec()


def test_data_fp_counts() -> None:
    assert _spec(fp="e" * 64) != _spec()


def test_data_fp_alone_is_accepted() -> None:
    alone = spec_fp({}, DATA_FP, {})
    assert alone.components["data"] == {"data_fp": DATA_FP}
    assert alone.value != _spec()
    assert spec_fp({}, DATA_FP, {}) == alone


def test_model_fields() -> None:
    assert _spec(model={"name": "minilm"}) == _spec()
    assert _spec(model={"dropout": 0.2}) != _spec()
    assert _spec(model={"shape_features": False}) != _spec()
    assert _spec(model={"backbone": "bert-base-uncased"}) != _spec()
    assert _spec(model={"transition_weight": 0.0}) != _spec()


def test_local_backbone_folder_counts_by_content_not_location(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "backbone"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"hidden_size": 4}')
    before = _spec(model={"backbone": str(folder)})
    moved = tmp_path / "b" / "model"
    moved.parent.mkdir()
    shutil.move(str(folder), moved)
    assert _spec(model={"backbone": str(moved)}) == before
    (moved / "config.json").write_text('{"hidden_size": 8}')
    assert _spec(model={"backbone": str(moved)}) != before


def test_real_data_fp_object_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "d.jsonl"
    file.write_text("{}\n")
    fp = data_fp(file)
    assert spec_fp({}, {}, {}, data_fp=fp) == spec_fp({}, {}, {}, data_fp=fp.value)


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="data_fp is required with a data config"):
        spec_fp({}, {}, {})
    with pytest.raises(ValueError, match="give the data fingerprint once"):
        spec_fp({}, DATA_FP, {}, data_fp=DATA_FP)
    with pytest.raises(ValueError, match=r"invalid training config: training\.epochs: "):
        spec_fp({}, {}, {"epochs": 0}, data_fp=DATA_FP)
    with pytest.raises(ValueError, match=r"training\.epoch: Extra inputs are not permitted"):
        spec_fp({}, {}, {"epoch": 3}, data_fp=DATA_FP)
    with pytest.raises(ValueError, match=r"invalid data config: data: Value error, stride \(64\)"):
        spec_fp({}, {"max_length": 100}, {}, data_fp=DATA_FP)
    with pytest.raises(ValueError, match="is not a hexadecimal fingerprint"):
        spec_fp({}, {}, {}, data_fp="not-a-hash")
    with pytest.raises(ValueError, match="model must be a ModelConfig or a dict, got list"):
        spec_fp([], {}, {}, data_fp=DATA_FP)  # type: ignore[arg-type]
