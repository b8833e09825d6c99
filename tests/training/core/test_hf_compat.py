"""Model folders open with transformers' Auto classes and give the logits of our own loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from resume_ner.data.datasets import LabelSchema
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.training.core.artifact import load_model, save_model
from resume_ner.training.core.hf_compat import AUTO_MAP, REMOTE_FILES
from resume_ner.training.core.model import build_model

ATOL = 1e-5


def _inputs() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    ids = torch.tensor([[2, 40, 41, 42, 43, 3], [2, 50, 51, 3, 0, 0]])
    mask = (ids != 0).long()
    shapes = torch.tensor([[0, 1, 2, 7, 8, 0], [0, 3, 4, 0, 0, 0]])
    return ids, mask, shapes


def _save(
    backbone: Path, schema: LabelSchema, folder: Path, *, shape_features: bool, favour: str = ""
) -> Path:
    """A random-weight model folder; ``favour`` makes every token predict that label."""
    torch.manual_seed(3)
    model, tokenizer = build_model(
        ModelConfig(backbone=str(backbone), shape_features=shape_features), schema
    )
    if favour:
        with torch.no_grad():
            model.classifier.bias[schema.label2id[favour]] = 100.0  # type: ignore[attr-defined]
    return save_model(model, tokenizer, schema, folder)


def _auto(folder: Path, **kwargs: object) -> torch.nn.Module:
    from transformers import AutoModelForTokenClassification

    model: torch.nn.Module = AutoModelForTokenClassification.from_pretrained(folder, **kwargs)
    return model.eval()


@pytest.fixture(scope="module")
def schema() -> LabelSchema:
    return LabelSchema.canonical()


@pytest.fixture(scope="module")
def shape_folder(
    tiny_backbone: Path, schema: LabelSchema, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return _save(
        tiny_backbone, schema, tmp_path_factory.mktemp("hf") / "shape", shape_features=True
    )


@pytest.fixture(scope="module")
def plain_folder(
    tiny_backbone: Path, schema: LabelSchema, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return _save(
        tiny_backbone, schema, tmp_path_factory.mktemp("hf") / "plain", shape_features=False
    )


def test_a_shape_head_ships_its_modeling_code_and_gives_our_logits(shape_folder: Path) -> None:
    config = json.loads((shape_folder / "config.json").read_text())
    assert config["auto_map"] == AUTO_MAP
    assert config["architectures"] == ["ResumeNerForTokenClassification"]
    assert config["model_type"] == "bert"
    for name in REMOTE_FILES:
        assert "resume_ner." not in (shape_folder / name).read_text()
    ours, _, _ = load_model(shape_folder)
    theirs = _auto(shape_folder, trust_remote_code=True)
    assert type(theirs).__name__ == "ResumeNerForTokenClassification"
    ids, mask, shapes = _inputs()
    with torch.no_grad():
        expected = ours(ids, mask, shapes)
        got = theirs(input_ids=ids, attention_mask=mask, shape_ids=shapes).logits
        # Without shape ids (the pipeline passes none) both fall back to padding shapes.
        unshaped = theirs(input_ids=ids, attention_mask=mask).logits
        assert not torch.allclose(unshaped, expected, atol=ATOL)
        assert torch.allclose(unshaped, ours(ids, mask, None), atol=ATOL)
    assert torch.allclose(got, expected, atol=ATOL)


def test_a_remote_model_saved_again_still_loads_with_our_loader(
    shape_folder: Path, tmp_path: Path
) -> None:
    _auto(shape_folder, trust_remote_code=True).save_pretrained(tmp_path)  # type: ignore[operator]
    config = json.loads((tmp_path / "config.json").read_text())
    assert (config["model_type"], config["auto_map"]) == ("bert", AUTO_MAP)
    assert all((tmp_path / name).is_file() for name in REMOTE_FILES)
    for name in ("label_schema.json", "tokenizer.json", "tokenizer_config.json"):
        (tmp_path / name).write_bytes((shape_folder / name).read_bytes())
    ours, _, _ = load_model(shape_folder)
    again, _, _ = load_model(tmp_path)
    ids, mask, shapes = _inputs()
    with torch.no_grad():
        assert torch.allclose(again(ids, mask, shapes), ours(ids, mask, shapes), atol=ATOL)


def test_a_plain_head_opens_with_the_stock_class_without_remote_code(plain_folder: Path) -> None:
    config = json.loads((plain_folder / "config.json").read_text())
    assert config["architectures"] == ["BertForTokenClassification"]
    assert "auto_map" not in config
    assert not any((plain_folder / name).exists() for name in REMOTE_FILES)
    assert all(
        k.startswith(("bert.", "classifier."))
        for k in load_file(plain_folder / "model.safetensors")
    )
    ours, _, _ = load_model(plain_folder)
    ids, mask, _ = _inputs()
    with torch.no_grad():
        expected = ours(ids, mask)
        for kwargs in ({}, {"trust_remote_code": True}):
            theirs = _auto(plain_folder, **kwargs)
            assert type(theirs).__name__ == "BertForTokenClassification"
            assert torch.allclose(
                theirs(input_ids=ids, attention_mask=mask).logits, expected, atol=ATOL
            )


def test_our_loader_still_reads_folders_in_the_old_layout(
    plain_folder: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    for path in plain_folder.iterdir():
        (old / path.name).write_bytes(path.read_bytes())
    state = load_file(plain_folder / "model.safetensors")
    save_file(
        {k.replace("bert.", "encoder.", 1): v for k, v in state.items()}, old / "model.safetensors"
    )
    ours, _, _ = load_model(plain_folder)
    legacy, _, _ = load_model(old)
    ids, mask, _ = _inputs()
    with torch.no_grad():
        assert torch.equal(legacy(ids, mask), ours(ids, mask))


@pytest.mark.parametrize("shape_features", [True, False])
def test_the_token_classification_pipeline_returns_entities_of_the_schema(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path, shape_features: bool
) -> None:
    from transformers import pipeline

    folder = _save(
        tiny_backbone, schema, tmp_path / "m", shape_features=shape_features, favour="B-SKILLS"
    )
    tagger = pipeline(
        "token-classification",
        model=str(folder),
        trust_remote_code=True,
        aggregation_strategy="first",
    )
    entities = tagger("Jane Doe knows python and docker")
    assert {e["entity_group"] for e in entities} == {"SKILLS"} <= set(schema.labels)
    assert [e["word"] for e in entities] == ["jane", "doe", "knows", "python", "and", "docker"]


def test_a_converted_folder_opens_like_the_trained_one(
    shape_folder: Path, plain_folder: Path, tmp_path: Path
) -> None:
    from resume_ner.deployment.conversion import convert_artifact

    config = ResumeNerConfig.model_validate(
        {
            "conversion": {"parity_documents": 2, "optimize": False, "int8": False},
            "tracking": {"enabled": False},
        }
    )
    layout = OutputLayout.from_config(config.paths, root=tmp_path / "outputs")
    ids, mask, shapes = _inputs()
    for folder, extra, kwargs in (
        (shape_folder, {"shape_ids": shapes}, {"trust_remote_code": True}),
        (plain_folder, {}, {}),
    ):
        converted = convert_artifact(folder, config, layout).folder
        assert (converted / "model.onnx").is_file()
        with torch.no_grad():
            expected = _auto(folder, **kwargs)(input_ids=ids, attention_mask=mask, **extra).logits
            got = _auto(converted, **kwargs)(input_ids=ids, attention_mask=mask, **extra).logits
        assert torch.equal(got, expected)
