"""Model behaviour: what a trained model must do on inputs changed in known ways.

Invariance: renaming the person keeps the NAME span (on the new name). Directional: adding an
email address adds an EMAIL span (on that address). The model is a tiny random-weight BERT
trained on resume headers (the name and contact lines of synthetic resumes), which it learns
in seconds; both checks run on held-out headers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pytest

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig
from resume_ner.testing.fixtures import build_tiny_backbone
from resume_ner.training.core.artifact import load_model
from resume_ner.training.core.evaluate import predict_documents
from resume_ner.training.core.loop import train

MIN_RATE = 0.9
"""Share of held-out headers on which a behaviour must hold."""


def _header(document: Document) -> Document:
    """The name line and the contact line of a synthetic resume, with their spans."""
    end = document.text.index("\n", document.text.index("\n") + 1)
    spans = tuple(span for span in document.spans if span.end <= end)
    return dataclasses.replace(document, text=document.text[:end], spans=spans)


def _name(document: Document) -> tuple[int, int]:
    (span,) = [span for span in document.spans if span.label == "NAME"]
    return span.start, span.end


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, LabelSchema]:
    folder = tmp_path_factory.mktemp("behaviour")
    backbone = build_tiny_backbone(folder / "backbone")
    train(
        model_config=ModelConfig(backbone=str(backbone)),
        training_config=TrainingConfig(
            epochs=10, batch_size=8, learning_rate=1e-2, num_threads=1, early_stopping_patience=None
        ),
        data_config=DataConfig(max_length=64, stride=16),
        train_documents=[_header(d) for d in generate_resumes(60, seed=5)],
        validation_documents=[_header(d) for d in generate_resumes(4, seed=99)],
        schema=LabelSchema.canonical(),
        output_dir=folder / "run",
        device="cpu",
    )
    return load_model(folder / "run" / "best")


def _spans(model: tuple[Any, Any, LabelSchema], texts: Sequence[str], label: str) -> list[set[str]]:
    network, tokenizer, schema = model
    predicted = predict_documents(network, tokenizer, schema, texts, max_length=64, stride=16)
    return [
        {text[s.start : s.end] for s in spans if s.label == label}
        for text, spans in zip(texts, predicted, strict=True)
    ]


def _rate(results: Sequence[bool]) -> float:
    return sum(results) / len(results)


def test_renaming_the_person_keeps_the_name_span(model: tuple[Any, Any, LabelSchema]) -> None:
    documents = [_header(d) for d in generate_resumes(20, seed=123)]
    others = [_header(d) for d in generate_resumes(20, seed=321)]
    renamed: list[str] = []
    new_names: list[str] = []
    for document, other in zip(documents, others, strict=True):
        start, end = _name(document)
        name = other.text[slice(*_name(other))]
        renamed.append(document.text[:start] + name + document.text[end:])
        new_names.append(name)
    before = _spans(model, [d.text for d in documents], "NAME")
    after = _spans(model, renamed, "NAME")
    kept = [
        names == {document.text[slice(*_name(document))]} and again == {name}
        for document, names, again, name in zip(documents, before, after, new_names, strict=True)
    ]
    assert _rate(kept) >= MIN_RATE, list(zip(new_names, after, strict=True))


def test_adding_an_email_adds_an_email_span(model: tuple[Any, Any, LabelSchema]) -> None:
    documents = [_header(d) for d in generate_resumes(20, seed=123)]
    address = "jordan.ames@example.org"
    texts = [d.text for d in documents]
    before = _spans(model, texts, "EMAIL")
    after = _spans(model, [f"{text}\nEmail: {address}" for text in texts], "EMAIL")
    added = [again == {*emails, address} for emails, again in zip(before, after, strict=True)]
    assert _rate(added) >= MIN_RATE, list(zip(before, after, strict=True))
