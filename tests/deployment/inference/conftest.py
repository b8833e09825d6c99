"""Fixtures of the inference tests: small trained-artifact folders built on the tiny backbone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from resume_ner.data.datasets import LabelSchema
from resume_ner.infrastructure.config.sections.model import ModelConfig


def write_artifact(
    backbone: Path,
    folder: Path,
    *,
    seed: int = 0,
    weight_scale: float = 50.0,
    biases: dict[str, float] | None = None,
) -> Path:
    """Save a random-weight classifier on ``backbone`` as a model folder.

    ``weight_scale`` sharpens the random classifier so it predicts entities; ``biases``
    instead make it ignore its input and prefer the given tags.
    """
    import torch

    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(seed)
    model, tokenizer = build_model(ModelConfig(backbone=str(backbone)), schema)
    with torch.no_grad():
        if biases is None:
            model.classifier.weight.mul_(weight_scale)
        else:
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            for tag, value in biases.items():
                model.classifier.bias[schema.tag_to_id(tag)] = value
    return save_model(model, tokenizer, schema, folder)


@pytest.fixture(scope="session")
def artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder whose random classifier predicts plenty of entities."""
    return write_artifact(tiny_backbone, tmp_path_factory.mktemp("artifact") / "model")


@pytest.fixture(scope="session")
def skills_artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder that tags every word as SKILLS (one span over a whole document)."""
    return write_artifact(
        tiny_backbone,
        tmp_path_factory.mktemp("skills") / "model",
        biases={"I-SKILLS": 10.0, "B-SKILLS": 5.0},
    )


@pytest.fixture
def copy_artifact(artifact: Path, tmp_path: Path) -> Callable[[str], Path]:
    """Copy the artifact to ``tmp_path/<relative>`` (folders created) and return the copy."""

    def copy(relative: str) -> Path:
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copytree(artifact, target))

    return copy


def _long_text(length: int) -> str:
    words = ["Python", "engineer", "at", "ACME", "2019", "sql,", "data", "jane@x.io"]
    parts, size, i = [], 0, 0
    while size < length:
        word = words[i % len(words)] + ("\n" if i % 13 == 12 else " ")
        parts.append(word)
        size += len(word)
        i += 1
    return "".join(parts)[: length - 1] + "x"


@pytest.fixture(scope="session")
def long_text() -> Callable[[int], str]:
    """Build a resume-like text of exactly ``length`` characters, ending in a word."""
    return _long_text
