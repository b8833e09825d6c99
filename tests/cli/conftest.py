"""Fixtures of the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def model_dir(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved tiny random-weight model, sharpened so that it predicts many entities."""
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    torch.manual_seed(0)
    model, tokenizer = build_model(
        ModelConfig(backbone=str(tiny_backbone)), LabelSchema.canonical()
    )
    with torch.no_grad():
        model.classifier.weight.mul_(50.0)
    return save_model(model, tokenizer, LabelSchema.canonical(), tmp_path_factory.mktemp("m") / "m")
