"""The tiny random BERT used by tests: fast to build, loads like any backbone, no [UNK]."""

from __future__ import annotations

import time
from pathlib import Path

from resume_ner.training.core.backbone import load_backbone_config, load_tokenizer
from resume_ner.training.core.tiny import build_tiny_backbone


def test_tiny_backbone_builds_in_under_a_second(tmp_path: Path, tiny_backbone: Path) -> None:
    start = time.perf_counter()
    folder = build_tiny_backbone(tmp_path / "bert", seed=3)
    assert time.perf_counter() - start < 1.0
    config = load_backbone_config(str(folder))
    assert (config.hidden_size, config.num_hidden_layers, config.num_attention_heads) == (32, 2, 2)
    assert {p.name for p in folder.iterdir()} >= {"config.json", "model.safetensors", "tokenizer.json"}


def test_tiny_tokenizer_is_fast_uncased_and_knows_every_ascii_character(tiny_backbone: Path) -> None:
    tokenizer = load_tokenizer(str(tiny_backbone))
    text = "Jane Doe, jane.doe+cv@Example.org | +1 (555) 010-9999 | Python/SQL ~ 2019"
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.convert_ids_to_tokens(ids)[:2] == ["j", "##a"]
    assert "python" in tokenizer.convert_ids_to_tokens(ids)
