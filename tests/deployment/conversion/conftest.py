"""Fixtures of the conversion tests: tiny trained-model folders and a small conversion config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.data.datasets import LabelSchema
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.paths import OutputLayout


def save_tiny_model(
    backbone: Path, folder: Path, *, shape_features: bool = True, seed: int = 0
) -> Path:
    """Save a random-weight classifier (untrained head) on ``backbone`` as a model folder."""
    import torch

    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(seed)
    config = ModelConfig(backbone=str(backbone), shape_features=shape_features)
    model, tokenizer = build_model(config, schema)
    return save_model(model, tokenizer, schema, folder)


@pytest.fixture(scope="session")
def tiny_model(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder with a word-shape head."""
    return save_tiny_model(tiny_backbone, tmp_path_factory.mktemp("model") / "model")


@pytest.fixture(scope="session")
def plain_model(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder whose head uses no word-shape features."""
    folder = tmp_path_factory.mktemp("plain") / "model"
    return save_tiny_model(tiny_backbone, folder, shape_features=False, seed=1)


@pytest.fixture
def make_config() -> Callable[..., ResumeNerConfig]:
    """A config with a small parity set and tracking off; keyword args set conversion fields."""

    def make(**conversion: Any) -> ResumeNerConfig:
        settings: dict[str, Any] = {"parity_documents": 4, "optimize": False}
        settings.update(conversion)
        return ResumeNerConfig.model_validate(
            {"conversion": settings, "tracking": {"enabled": False}}
        )

    return make


@pytest.fixture
def layout(tmp_path: Path) -> OutputLayout:
    """The default output layout under a fresh root."""
    return OutputLayout.from_config(ResumeNerConfig().paths, root=tmp_path / "outputs")
