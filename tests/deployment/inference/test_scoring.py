"""Scoring a Predictor on annotated documents: hand-computed span and seqeval scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from resume_ner.data.loaders.document import Document, Span
from resume_ner.deployment.inference import (
    Entity,
    ModelInfo,
    TorchPredictor,
    evaluate_predictor,
)
from resume_ner.deployment.inference.scoring import word_tags

TEXT_A = "Jane Doe works at Acme Corp in Berlin"
TEXT_B = "Skills: Python, SQL and Docker"


class _Fixed:
    """A predictor returning fixed spans per text."""

    def __init__(self, answers: dict[str, list[tuple[int, int, str]]]) -> None:
        self.answers = answers
        self.calls: list[int] = []

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(
            "fixed", "none", ("NAME", "COMPANY", "SKILLS", "LOCATION"), "fake", 8, 2, "1"
        )

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        self.calls.append(len(texts))
        return [
            [Entity(label, s, e, text[s:e], 0.9) for s, e, label in self.answers[text]]
            for text in texts
        ]


def test_word_tags_mark_the_words_each_span_touches() -> None:
    spans = [Span(0, 8, "NAME"), Span(18, 27, "COMPANY"), Span(32, 35, "LOCATION")]
    assert word_tags(TEXT_A, spans) == [
        "B-NAME", "I-NAME", "O", "O", "B-COMPANY", "I-COMPANY", "O", "B-LOCATION",
    ]  # fmt: skip
    assert word_tags("  a  bb ", [Span(4, 6, "X")]) == ["O", "B-X"]
    assert word_tags("", []) == []


def test_scores_match_a_hand_computation() -> None:
    gold = [
        Document("a", TEXT_A, (Span(0, 8, "NAME"), Span(18, 27, "COMPANY"))),
        Document("b", TEXT_B, (Span(8, 14, "SKILLS"), Span(16, 19, "SKILLS"))),
    ]
    predictor = _Fixed(
        {
            # NAME exact; COMPANY one word short -> wrong span; an extra LOCATION.
            TEXT_A: [(0, 8, "NAME"), (18, 22, "COMPANY"), (31, 37, "LOCATION")],
            # Both skills exact, plus Docker (not annotated).
            TEXT_B: [(8, 14, "SKILLS"), (16, 19, "SKILLS"), (24, 30, "SKILLS")],
        }
    )
    result = evaluate_predictor(predictor, gold, chunk_size=1)
    assert predictor.calls == [1, 1]
    micro = result.spans.micro
    assert (micro.true_positives, micro.predicted, micro.gold) == (3, 6, 4)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(0.75)
    assert micro.f1 == pytest.approx(0.6)
    per_label = result.spans.per_label
    assert per_label["COMPANY"].f1 == 0.0 and per_label["NAME"].f1 == 1.0
    assert per_label["SKILLS"].precision == pytest.approx(2 / 3)
    assert per_label["LOCATION"].gold == 0  # every model label is reported
    # Words: the short COMPANY tags "Acme" B-COMPANY only -> a different entity for seqeval.
    assert result.seqeval["seqeval_precision"] == pytest.approx(3 / 6)
    assert result.seqeval["seqeval_recall"] == pytest.approx(3 / 4)
    data = result.to_dict()
    assert data["documents"] == 2 and data["characters"] == len(TEXT_A) + len(TEXT_B)
    assert data["micro"]["f1"] == pytest.approx(0.6)
    assert data["per_label"]["SKILLS"]["predicted"] == 3


def test_no_document_is_refused() -> None:
    with pytest.raises(ValueError, match="no documents to evaluate"):
        evaluate_predictor(_Fixed({}), [])


def test_a_real_predictor_scores_its_own_predictions_perfectly(artifact: Path) -> None:
    predictor = TorchPredictor(artifact, device="cpu")
    texts = ["Jane Doe python engineer at acme " * 30, "sql data 2019 jane@x.io " * 10]
    gold = [
        Document(str(i), text, tuple(Span(e.start, e.end, e.label) for e in entities))
        for i, (text, entities) in enumerate(zip(texts, predictor.predict(texts), strict=True))
    ]
    result = evaluate_predictor(predictor, gold)
    assert result.spans.micro.gold > 10
    assert result.spans.micro.f1 == 1.0
    assert result.seqeval["seqeval_f1"] == 1.0
