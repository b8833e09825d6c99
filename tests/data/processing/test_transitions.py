"""The transition prior: counts of gold word tags per kind of gap, its JSON form, and Viterbi
with it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import (
    TransitionPrior,
    Window,
    WordSequence,
    constrained_decode,
    encode_documents,
    estimate_transitions,
    gap_kind,
    word_sequence,
)
from resume_ner.data.processing.transitions import BLANK_LINE, LINE_BREAK, SAME_LINE

TAGS = ("O", "B-X", "I-X")


def encode_document(
    tokenizer: Any, document: Document, max_length: int, stride: int, **options: Any
) -> list[Window]:
    """The windows of one document."""
    return encode_documents(tokenizer, [document], max_length, stride, **options)[0]


def _same_line(*tags: str) -> WordSequence:
    return WordSequence(tags, (SAME_LINE,) * len(tags))


def test_gap_kinds() -> None:
    text = "a b\nc\n\nd \n \n e"
    assert gap_kind(text, 1, 2) == SAME_LINE
    assert gap_kind(text, 3, 4) == LINE_BREAK
    assert gap_kind(text, 5, 7) == BLANK_LINE
    assert gap_kind(text, 8, 14) == BLANK_LINE


def test_estimate_counts_transitions_per_gap_with_a_pseudo_count() -> None:
    sequences = [
        _same_line("B-X", "I-X", "O"),
        _same_line("O", "B-X", "I-X", "I-X"),
        WordSequence(("B-X", "B-X"), (SAME_LINE, BLANK_LINE)),
    ]
    prior = estimate_transitions(sequences, TAGS, 0.5)
    probs = np.exp(np.asarray(prior.scores))
    assert probs.sum(axis=2) == pytest.approx(np.ones((3, 3)))
    # On the same line after B-X: I-X twice, nothing else -> (2 + 0.5) / (2 + 1.5).
    assert probs[SAME_LINE, 1, 2] == pytest.approx(2.5 / 3.5)
    # After I-X: O once, I-X once.
    same = probs[SAME_LINE]
    assert same[2, 0] == pytest.approx(1.5 / 3.5) and same[2, 2] == pytest.approx(1.5 / 3.5)
    # Across a blank line, B-X followed B-X once; line breaks saw nothing (uniform).
    assert probs[BLANK_LINE, 1, 1] == pytest.approx(1.5 / 2.5)
    assert probs[LINE_BREAK] == pytest.approx(np.full((3, 3), 1 / 3))
    assert np.exp(prior.start) == pytest.approx([1.5 / 4.5, 2.5 / 4.5, 0.5 / 4.5])


def test_estimate_names_bad_input() -> None:
    with pytest.raises(ValueError, match="'B-Y' is not in the tag set"):
        estimate_transitions([_same_line("O", "B-Y")], TAGS)
    with pytest.raises(ValueError, match="2 tags but 1 gap kinds"):
        estimate_transitions([WordSequence(("O", "O"), (0,))], TAGS)
    with pytest.raises(ValueError, match="gap kind 7"):
        estimate_transitions([WordSequence(("O", "O"), (0, 7))], TAGS)


def test_prior_round_trips_through_json_and_has_three_square_matrices() -> None:
    prior = estimate_transitions([_same_line("B-X", "I-X")], TAGS)
    again = TransitionPrior.from_dict(prior.to_dict())
    assert again.num_tags == 3
    assert np.asarray(again.scores) == pytest.approx(np.asarray(prior.scores), abs=1e-4)
    square = ((0.0, 0.0), (0.0, 0.0))
    with pytest.raises(ValueError, match="3 square matrices over 3 tags"):
        TransitionPrior((0.0, 0.0, 0.0), (square, square, square))
    with pytest.raises(ValueError, match="needs 'start' and 'scores'"):
        TransitionPrior.from_dict({"start": [0.0]})


def test_prior_turns_a_split_entity_into_one() -> None:
    # Per word, "B-X" is a little likelier than "I-X" on the second word: the BIO constraints
    # allow B-X B-X (two entities); a prior where B-X never follows B-X joins them.
    words = np.log([[0.05, 0.9, 0.05], [0.05, 0.5, 0.45], [0.05, 0.1, 0.85]])
    assert constrained_decode(words, TAGS) == ["B-X", "B-X", "I-X"]
    prior = estimate_transitions([_same_line("B-X", "I-X", "I-X", "O")] * 20, TAGS)
    start, transition = prior.weighted(0.5)
    kinds = [SAME_LINE] * 3
    decoded = constrained_decode(
        words, TAGS, start_scores=start, transition_scores=transition, transition_kinds=kinds
    )
    assert decoded == ["B-X", "I-X", "I-X"]
    # The weight scales the prior: at 0 the model's scores decide alone.
    start, transition = prior.weighted(0.0)
    assert constrained_decode(
        words, TAGS, start_scores=start, transition_scores=transition, transition_kinds=kinds
    ) == ["B-X", "B-X", "I-X"]


def test_the_gap_before_a_word_chooses_its_matrix() -> None:
    # Entities never continue across a blank line in these annotations, always on one line.
    gaps = (SAME_LINE, SAME_LINE, BLANK_LINE, BLANK_LINE)
    gold = [WordSequence(("B-X", "I-X", "B-X", "B-X"), gaps)] * 20
    start, transition = estimate_transitions(gold, TAGS).weighted(1.0)
    words = np.log([[0.05, 0.9, 0.05], [0.05, 0.45, 0.5], [0.05, 0.45, 0.5]])
    decoded = [
        constrained_decode(
            words, TAGS, start_scores=start, transition_scores=transition, transition_kinds=kinds
        )
        for kinds in ([0, SAME_LINE, SAME_LINE], [0, BLANK_LINE, BLANK_LINE])
    ]
    assert decoded == [["B-X", "I-X", "I-X"], ["B-X", "B-X", "B-X"]]


def test_constraints_hold_whatever_the_prior() -> None:
    words = np.log([[0.1, 0.1, 0.8], [0.8, 0.1, 0.1]])
    favour_inside = np.zeros((3, 3))
    favour_inside[:, 2] = 50.0
    decoded = constrained_decode(
        words, TAGS, start_scores=[0.0, 0.0, 50.0], transition_scores=favour_inside
    )
    assert decoded == ["B-X", "I-X"]  # I-X cannot start a sequence


def test_mismatched_prior_shapes_are_refused() -> None:
    words = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"transition_scores must be 3 x 3 \(or k x 3 x 3\)"):
        constrained_decode(words, TAGS, transition_scores=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="transition_kinds is required"):
        constrained_decode(words, TAGS, transition_scores=np.zeros((3, 3, 3)))
    with pytest.raises(ValueError, match=r"transition_kinds must give one of 0..2 per token"):
        constrained_decode(
            words, TAGS, transition_scores=np.zeros((3, 3, 3)), transition_kinds=[0, 3]
        )
    with pytest.raises(ValueError, match="start_scores must have 3 values"):
        constrained_decode(words, TAGS, start_scores=[0.0])


def test_word_sequence_reads_each_word_once_across_overlapping_windows(
    tiny_tokenizer: Any,
) -> None:
    text = ("john smith python java engineer\ndata google\n\nresume skills " * 6).strip()
    start = text.index("python", 100)
    spans = (Span(start, start + len("python java"), "SKILL"),)
    document = Document("d", text, spans)
    windows = encode_document(tiny_tokenizer, document, max_length=16, stride=4)
    assert len(windows) > 3
    whole = encode_document(tiny_tokenizer, document, max_length=512, stride=0)
    sequence = word_sequence(windows, text)
    assert sequence == word_sequence(whole, text)
    assert len(sequence.tags) == len(text.split()) == len(sequence.gaps)
    assert sequence.tags.count("B-SKILL") == 1 and sequence.tags.count("I-SKILL") == 1
    assert sequence.tags.count("O") == len(sequence.tags) - 2
    assert sequence.gaps[:9] == (0, 0, 0, 0, 0, LINE_BREAK, 0, BLANK_LINE, 0)
