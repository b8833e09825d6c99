"""Fixtures of the training-core tests: a tiny random BERT, a label schema and small documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig


@pytest.fixture(scope="session")
def schema() -> LabelSchema:
    """The canonical resume label schema."""
    return LabelSchema.canonical()


@pytest.fixture(scope="session")
def resumes() -> list[Document]:
    """Twelve synthetic resumes (about 1,300 characters each)."""
    return generate_resumes(12, seed=7)


@pytest.fixture
def configs(tiny_backbone: Path) -> Callable[..., dict[str, Any]]:
    """Build the three config sections of a small, single-threaded training run."""

    def make(**training: Any) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "epochs": 2,
            "batch_size": 8,
            "learning_rate": 5e-3,
            "num_threads": 1,
            "warmup_ratio": 0.1,
        }
        settings.update(training)
        return {
            "model_config": ModelConfig(backbone=str(tiny_backbone), dropout=0.1),
            "training_config": TrainingConfig(**settings),
            "data_config": DataConfig(max_length=64, stride=16),
        }

    return make
