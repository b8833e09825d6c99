"""Tests of value normalisation into safe names and path parts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_ner.core.normalize import (
    NAME_RULES,
    PATH_RULES,
    NormalizeRules,
    normalize,
    safe_name,
    safe_path_part,
)


def test_path_part_reports_every_change() -> None:
    result = normalize("My Model/V2", PATH_RULES)
    assert result.value == "my_model-v2"
    assert result.changes == (
        "replaced '/' with '-'",
        "lower-cased",
        "replaced forbidden characters ' ' with '_'",
    )
    assert result.changed


def test_unchanged_value_reports_nothing() -> None:
    result = normalize("minilm-l6", PATH_RULES)
    assert result.value == "minilm-l6"
    assert not result.changed


def test_max_length_truncates_and_says_so() -> None:
    rules = NormalizeRules(max_length=5)
    result = normalize("abcdefgh", rules)
    assert result.value == "abcde"
    assert result.changes == ("truncated to 5 characters",)


def test_custom_replacements_apply_first() -> None:
    rules = NormalizeRules(replacements={"+": "plus"}, lowercase=True)
    assert normalize("C++", rules).value == "cplusplus"


def test_collapse_runs_of_fill() -> None:
    assert safe_path_part("a  ::  b") == "a_b"


def test_name_keeps_case_and_replaces_slash() -> None:
    assert safe_name("Train MiniLM/L6") == "Train_MiniLM-L6"


@pytest.mark.parametrize("value", ["", "   ", "///", ".", ".."])
def test_unusable_values_are_rejected(value: str) -> None:
    with pytest.raises(ValueError, match="normalizes to an unusable name"):
        safe_path_part(value.replace("/", " "))


def test_fill_may_not_be_forbidden() -> None:
    with pytest.raises(ValueError, match="fill '_' may not contain forbidden characters"):
        NormalizeRules(forbidden="_", fill="_")


def test_non_string_values_are_converted() -> None:
    assert safe_path_part(3) == "3"
    assert normalize(1.5, NAME_RULES).value == "1.5"


@given(st.text(min_size=1, max_size=200))
def test_path_parts_are_always_portable(value: str) -> None:
    try:
        part = safe_path_part(value)
    except ValueError:
        return
    forbidden = set('<>:"/\\|?* ') | {chr(c) for c in range(32)}
    assert part
    assert len(part) <= 64
    assert not forbidden & set(part)
    assert part == part.lower()
    assert part not in {".", ".."}
    assert safe_path_part(part) == part, "normalisation is idempotent"
