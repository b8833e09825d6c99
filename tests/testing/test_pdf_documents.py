"""The PDF builders and the character error rate of the testing toolkit."""

from __future__ import annotations

import random

import pytest

from resume_ner.testing.documents import (
    character_error_rate,
    edit_distance,
    pdf_safe_text,
    resume_columns,
    resume_pdf,
    resume_texts,
    split_columns,
)


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def test_edit_distance_matches_the_textbook_recurrence() -> None:
    rng = random.Random(0)
    for _ in range(200):
        a = "".join(rng.choice("abé ") for _ in range(rng.randrange(12)))
        b = "".join(rng.choice("abé ") for _ in range(rng.randrange(12)))
        assert edit_distance(a, b) == _levenshtein(a, b), (a, b)


def test_character_error_rate_ignores_how_whitespace_is_laid_out() -> None:
    assert character_error_rate("Jane  Doe\nPython", "Jane Doe Python") == 0
    assert character_error_rate("abcd", "abed") == 0.25
    with pytest.raises(ValueError, match="reference text is empty"):
        character_error_rate(" \n", "x")


def test_two_columns_split_sections_by_their_titles() -> None:
    text = "Jane Doe\njane@x.com\n\nEXPERIENCE\nAcme\n\nGlobex\n\nSkills:\nPython\n\nProjects\nChat"
    assert split_columns(text) == (
        "Jane Doe\njane@x.com\n\nSkills:\nPython",
        "EXPERIENCE\nAcme\n\nGlobex\n\nProjects\nChat",
    )


def test_text_is_folded_to_the_core_font() -> None:
    assert pdf_safe_text("▪ Śmigło — López") == "- Smig?o - López"


def test_long_lines_wrap_to_the_column_and_columns_must_be_one_or_two() -> None:
    text = resume_texts(1, seed=3)[0]
    right = resume_columns(text, 2)[1]
    assert max(map(len, right.splitlines())) < max(map(len, text.splitlines()))
    with pytest.raises(ValueError, match="columns must be 1 or 2"):
        resume_pdf(text, columns=3)
