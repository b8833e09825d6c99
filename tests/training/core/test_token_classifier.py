"""The token classifier: dropout in the config, the shape embedding, save/load round trips."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from resume_ner.data.datasets import LabelSchema
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.training.core.artifact import ModelFolderError, load_model, save_model
from resume_ner.training.core.model import HEAD_KEY, apply_dropout, build_model
from resume_ner.training.core.shapes import NUM_SHAPE_IDS


def _inputs() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    ids = torch.tensor([[2, 40, 41, 42, 43, 3], [2, 50, 51, 3, 0, 0]])
    mask = (ids != 0).long()
    shapes = torch.tensor([[0, 1, 2, 7, 8, 0], [0, 3, 4, 0, 0, 0]])
    return ids, mask, shapes


def test_dropout_is_written_into_the_backbone_config(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    config = ModelConfig(backbone=str(tiny_backbone), dropout=0.3, classifier_dropout=0.25)
    model, _ = build_model(config, schema)
    encoder_config = model.encoder.config
    assert encoder_config.hidden_dropout_prob == pytest.approx(0.3)
    assert encoder_config.attention_probs_dropout_prob == pytest.approx(0.3)
    assert model.encoder.embeddings.dropout.p == pytest.approx(0.3)
    assert model.dropout.p == pytest.approx(0.25)
    assert encoder_config.id2label == schema.id2label
    assert model.classifier.out_features == schema.num_tags


def test_dropout_fields_of_other_families_are_set() -> None:
    distilbert = SimpleNamespace(model_type="distilbert", dropout=0.1, attention_dropout=0.1)
    assert apply_dropout(distilbert, 0.2) == ["dropout", "attention_dropout"]
    assert (distilbert.dropout, distilbert.attention_dropout) == (0.2, 0.2)
    assert apply_dropout(SimpleNamespace(model_type="odd"), 0.2) == []


def test_shape_ids_change_the_logits_only_with_shape_features(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    ids, mask, shapes = _inputs()
    torch.manual_seed(0)
    with_shapes, _ = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    with_shapes.eval()
    assert with_shapes.shape_embedding.num_embeddings == NUM_SHAPE_IDS
    assert not torch.allclose(with_shapes(ids, mask, shapes), with_shapes(ids, mask, shapes * 0))
    plain, _ = build_model(ModelConfig(backbone=str(tiny_backbone), shape_features=False), schema)
    plain.eval()
    assert plain.shape_embedding is None
    assert plain.classifier.in_features == 32
    assert torch.equal(plain(ids, mask, shapes), plain(ids, mask, shapes * 0))
    assert plain(ids, mask).shape == (2, 6, schema.num_tags)


def test_save_load_round_trip_gives_identical_logits(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    torch.manual_seed(1)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone), dropout=0.2), schema)
    model.eval()
    folder = save_model(model, tokenizer, schema, tmp_path / "model")
    assert {p.name for p in folder.iterdir()} >= {
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "label_schema.json",
    }
    saved = json.loads((folder / "config.json").read_text())
    assert saved["id2label"]["1"] == "B-NAME"
    assert saved["hidden_dropout_prob"] == pytest.approx(0.2)
    assert saved[HEAD_KEY]["shape_features"] is True
    loaded, loaded_tokenizer, loaded_schema = load_model(folder)
    assert loaded_schema == schema
    assert not loaded.training
    ids, mask, shapes = _inputs()
    assert torch.equal(model(ids, mask, shapes), loaded(ids, mask, shapes))
    text = "Jane Doe, data engineer"
    assert tokenizer(text)["input_ids"] == loaded_tokenizer(text)["input_ids"]


def test_loading_a_folder_that_is_not_a_model_is_a_clear_error(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    with pytest.raises(ModelFolderError, match=f"model folder {tmp_path / 'nope'} does not exist"):
        load_model(tmp_path / "nope")
    with pytest.raises(ModelFolderError, match="has no 'resume_ner_head' section"):
        load_model(tiny_backbone)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    folder = save_model(model, tokenizer, schema, tmp_path / "model")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelFolderError, match=r"has no model\.safetensors"):
        load_model(folder)


def test_schema_and_config_labels_must_agree(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    folder = save_model(model, tokenizer, schema, tmp_path / "model")
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    LabelSchema(tuple(reversed(schema.labels))).save(other)
    with pytest.raises(ModelFolderError, match=r"id2label does not match label_schema\.json"):
        load_model(other)


def test_num_layers_keeps_the_first_pretrained_layers(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    full, _ = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    layers = full.encoder.config.num_hidden_layers
    assert layers >= 2
    torch.manual_seed(0)
    short, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone), num_layers=1), schema)
    assert short.encoder.config.num_hidden_layers == 1
    assert len(short.encoder.encoder.layer) == 1
    first = "encoder.encoder.layer.0.attention.self.query.weight"
    assert torch.equal(short.state_dict()[first], full.state_dict()[first])
    loaded, _, _ = load_model(save_model(short, tokenizer, schema, tmp_path / "m"))
    assert loaded.encoder.config.num_hidden_layers == 1
    with pytest.raises(ValueError, match=f"num_layers={layers + 1} exceeds the {layers} layers"):
        build_model(ModelConfig(backbone=str(tiny_backbone), num_layers=layers + 1), schema)


def test_propagating_labels_are_saved_with_the_head(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    model, tokenizer = build_model(
        ModelConfig(backbone=str(tiny_backbone)), schema, ("COMPANY", "SKILLS")
    )
    folder = save_model(model, tokenizer, schema, tmp_path / "m")
    head = json.loads((folder / "config.json").read_text(encoding="utf-8"))[HEAD_KEY]
    assert head["propagate_labels"] == ["COMPANY", "SKILLS"]
    loaded, _, _ = load_model(folder)
    assert loaded.head.propagate_labels == ("COMPANY", "SKILLS")
    del head["propagate_labels"]  # a folder saved before the setting existed propagates nothing
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config[HEAD_KEY] = head
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    assert load_model(folder)[0].head.propagate_labels == ()
