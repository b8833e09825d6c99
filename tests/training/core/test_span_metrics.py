"""Strict span metrics, seqeval entity scores and token accuracy against hand-computed values."""

from __future__ import annotations

import pytest

from resume_ner.data.loaders.document import Span
from resume_ner.training.core.metrics import Score, seqeval_scores, span_metrics, token_accuracy


def test_strict_span_scores_match_hand_computed_values() -> None:
    gold = [
        [Span(0, 10, "NAME"), Span(12, 30, "EMAIL"), Span(40, 46, "SKILLS")],
        [Span(0, 5, "SKILLS"), Span(7, 12, "SKILLS")],
    ]
    predicted = [
        # NAME exact (tp), EMAIL off by one character (fp + fn), SKILLS exact (tp)
        [Span(0, 10, "NAME"), Span(12, 29, "EMAIL"), Span(40, 46, "SKILLS")],
        # first SKILLS exact (tp), second has the wrong label (fp NAME, fn SKILLS), extra fp
        [Span(0, 5, "SKILLS"), Span(7, 12, "NAME"), Span(20, 25, "SKILLS")],
    ]
    result = span_metrics(gold, predicted, labels=["NAME", "EMAIL", "SKILLS", "PHONE"])

    # tp = 3, predicted = 6, gold = 5
    assert (result.micro.true_positives, result.micro.predicted, result.micro.gold) == (3, 6, 5)
    assert result.micro.precision == pytest.approx(3 / 6)
    assert result.micro.recall == pytest.approx(3 / 5)
    assert result.micro.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    # NAME: tp 1, predicted 2, gold 1 -> P 0.5, R 1.0, F1 2/3
    assert result.per_label["NAME"].f1 == pytest.approx(2 / 3)
    # EMAIL: tp 0 -> F1 0
    assert result.per_label["EMAIL"].f1 == 0.0
    # SKILLS: tp 2, predicted 3, gold 3 -> F1 2/3
    assert result.per_label["SKILLS"].precision == pytest.approx(2 / 3)
    assert result.per_label["SKILLS"].recall == pytest.approx(2 / 3)
    # PHONE is reported although absent everywhere
    assert result.per_label["PHONE"] == Score(0, 0, 0)
    flat = result.as_dict()
    assert flat["span_f1"] == pytest.approx(result.micro.f1)
    assert flat["span_f1/NAME"] == pytest.approx(2 / 3)


def test_span_in_another_document_does_not_count() -> None:
    gold = [[Span(0, 4, "NAME")], []]
    predicted = [[], [Span(0, 4, "NAME")]]
    result = span_metrics(gold, predicted)
    assert result.micro == Score(0, 1, 1)
    assert result.micro.f1 == 0.0


def test_no_spans_at_all_scores_zero_without_dividing_by_zero() -> None:
    result = span_metrics([[], []], [[], []])
    assert (result.micro.precision, result.micro.recall, result.micro.f1) == (0.0, 0.0, 0.0)


def test_duplicate_predictions_count_once() -> None:
    result = span_metrics([[Span(0, 4, "NAME")]], [[Span(0, 4, "NAME"), Span(0, 4, "NAME")]])
    assert result.micro.f1 == 1.0


def test_document_count_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 gold documents but 1 predicted"):
        span_metrics([[], []], [[]])


def test_seqeval_entity_scores_match_hand_computed_values() -> None:
    gold = [["B-NAME", "I-NAME", "O", "B-SKILLS"], ["B-EMAIL", "O"]]
    predicted = [["B-NAME", "I-NAME", "O", "O"], ["B-EMAIL", "B-SKILLS"]]
    # gold entities: NAME, SKILLS, EMAIL (3); predicted: NAME, EMAIL, SKILLS (3); tp = 2
    scores = seqeval_scores(gold, predicted)
    assert scores["seqeval_precision"] == pytest.approx(2 / 3)
    assert scores["seqeval_recall"] == pytest.approx(2 / 3)
    assert scores["seqeval_f1"] == pytest.approx(2 / 3)


def test_seqeval_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="sequence 0: 2 gold tags but 1 predicted"):
        seqeval_scores([["O", "O"]], [["O"]])


def test_token_accuracy_skips_ignored_positions() -> None:
    gold = [["B-NAME", None, "O", "O"], ["B-SKILLS"]]
    predicted = [["B-NAME", "O", "B-NAME", "O"], ["I-SKILLS"]]
    # scored: 4 positions, correct: B-NAME and O -> 2/4
    assert token_accuracy(gold, predicted) == pytest.approx(0.5)
    assert token_accuracy([], []) == 0.0
