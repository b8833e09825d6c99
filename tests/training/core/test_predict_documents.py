"""Whole-document prediction: windows batched across texts, merged, BIO-decoded, no truncation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from resume_ner.data.datasets import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.training.core.evaluate import (
    decode_document,
    predict_documents,
    predict_encoded,
    score_decoded,
)
from resume_ner.training.core.features import encode_set
from resume_ner.training.core.model import build_model


def _biased(model: Any, schema: LabelSchema, biases: dict[str, float]) -> Any:
    """Make the classifier ignore its input and prefer tags by fixed biases."""
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        for tag, value in biases.items():
            model.classifier.bias[schema.tag_to_id(tag)] = value
    return model.eval()


@pytest.fixture(scope="module")
def tiny_model(tiny_backbone: Path, schema: LabelSchema) -> tuple[Any, Any]:
    torch.manual_seed(0)
    return build_model(ModelConfig(backbone=str(tiny_backbone)), schema)


def _long_text(length: int) -> str:
    words = ["Python", "engineer", "at", "ACME", "2019", "sql,", "data", "jane@x.io"]
    parts, size, i = [], 0, 0
    while size < length:
        word = words[i % len(words)] + ("\n" if i % 13 == 12 else " ")
        parts.append(word)
        size += len(word)
        i += 1
    return "".join(parts)[: length - 1] + "x"


def test_a_20000_character_document_is_covered_to_its_last_word(
    tiny_model: tuple[Any, Any], schema: LabelSchema
) -> None:
    model, tokenizer = tiny_model
    text = _long_text(20_000)
    assert len(text) == 20_000
    _biased(model, schema, {"I-SKILLS": 10.0, "B-SKILLS": 5.0})
    (spans,) = predict_documents(model, tokenizer, schema, [text], max_length=64, stride=16)
    # BIO constraints force B- on the first word and I- after it: one span, first to last word.
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 20_000, "SKILLS")]
    assert 0.0 < spans[0].score <= 1.0


def test_spans_of_an_untrained_model_lie_inside_their_texts(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    torch.manual_seed(3)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    with torch.no_grad():
        model.classifier.weight.mul_(200.0)
    texts = [_long_text(20_000), "Jane Doe", "", "   \n  "]
    predictions = predict_documents(
        model, tokenizer, schema, texts, max_length=64, stride=16, batch_size=7
    )
    assert len(predictions) == 4
    assert predictions[0], "a random model should predict some spans on 20,000 characters"
    assert predictions[2] == [] and predictions[3] == []
    for text, spans in zip(texts, predictions, strict=True):
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            covered = text[span.start : span.end]
            assert covered == covered.strip()
            assert span.label in schema.labels


def test_every_word_gets_a_prediction_each_word_once(
    tiny_model: tuple[Any, Any], schema: LabelSchema
) -> None:
    model, tokenizer = tiny_model
    _biased(model, schema, {"B-NAME": 3.0})
    text = "data engineer python " * 400
    (spans,) = predict_documents(model, tokenizer, schema, [text], max_length=32, stride=8)
    assert len(spans) == 1200
    assert [(s.start, s.end) for s in spans[:2]] == [(0, 4), (5, 13)]
    assert spans[-1].end == len(text.rstrip())


def test_decoding_gold_tags_through_windows_recovers_the_gold_spans(
    tiny_backbone: Path, schema: LabelSchema, resumes: list[Document]
) -> None:
    from resume_ner.training.core.backbone import load_tokenizer

    tokenizer = load_tokenizer(str(tiny_backbone))
    encoded = encode_set(tokenizer, resumes[:4], schema, max_length=32, stride=8)
    recovered = 0
    for document, indices in zip(encoded.documents, encoded.windows_by_document(), strict=True):
        windows = [encoded.windows[i] for i in indices]
        assert len(windows) > 3
        rows = []
        for window in windows:
            row = np.full((len(window), schema.num_tags), np.log(1e-4))
            for position, tag in enumerate(window.tags):
                row[position, schema.tag_to_id(tag or "O")] = 0.0
            rows.append(row)
        decoded = decode_document(document, windows, rows, schema)
        assert [s.span for s in decoded.spans] == list(document.spans)
        assert decoded.predicted_tags == decoded.gold_tags
        recovered += len(decoded.spans)
    assert recovered > 20


def test_evaluation_reports_span_seqeval_and_token_metrics(
    tiny_model: tuple[Any, Any], schema: LabelSchema, resumes: list[Document]
) -> None:
    model, tokenizer = tiny_model
    _biased(model, schema, {"O": 1.0})
    encoded = encode_set(tokenizer, resumes[:3], schema, max_length=64, stride=16)
    decoded = predict_encoded(model, encoded, schema, batch_size=4, device="cpu")
    evaluation = score_decoded(encoded, decoded, schema)
    metrics = evaluation.metrics
    assert metrics["span_f1"] == 0.0
    assert metrics["span_recall"] == 0.0
    assert metrics["seqeval_f1"] == 0.0
    assert 0.5 < metrics["token_accuracy"] < 1.0
    assert set(schema.labels) <= {
        key.split("/")[1] for key in metrics if key.startswith("span_f1/")
    }
    assert evaluation.spans.micro.gold == sum(len(d.spans) for d in resumes[:3])
