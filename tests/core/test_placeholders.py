"""Tests of template parsing, validation and filling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_ner.core.placeholders import PlaceholderError, fill, parse, validate
from resume_ner.core.tokens import Scope


def test_parse_returns_tokens_in_order() -> None:
    assert parse("training/{backbone}/{spec8}-{exec8}/v{variant}") == (
        "backbone",
        "spec8",
        "exec8",
        "variant",
    )


def test_fill_shortens_fingerprints_and_normalizes_values() -> None:
    path = fill(
        "training/{backbone}/{spec8}-{exec8}/v{variant}",
        {"backbone": "MiniLM L6", "spec_fp": "a" * 64, "exec_fp": "b" * 64, "variant": 2},
        Scope.PATH,
    )
    assert path == "training/minilm_l6/aaaaaaaa-bbbbbbbb/v2"


def test_short_form_accepts_its_own_key_too() -> None:
    assert fill("{spec8}", {"spec8": "0123456789"}, Scope.PATH) == "01234567"


def test_unknown_token_names_template_and_token() -> None:
    with pytest.raises(PlaceholderError) as info:
        validate("runs/{bakbone}", Scope.PATH)
    message = str(info.value)
    assert message.startswith("template 'runs/{bakbone}': unknown token {bakbone}; known tokens:")
    assert "backbone" in message


def test_token_outside_its_scope_is_rejected() -> None:
    with pytest.raises(
        PlaceholderError,
        match=r"template 'x/\{timestamp\}': token \{timestamp\} is not allowed in a path "
        r"\(allowed in: name, tag\)",
    ):
        validate("x/{timestamp}", Scope.PATH)


def test_missing_value_names_the_key_to_supply() -> None:
    with pytest.raises(
        PlaceholderError,
        match=r"template '\{spec8\}': no value for token \{spec8\} \(supply 'spec_fp'\)",
    ):
        fill("{spec8}", {}, Scope.PATH)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("a/{Backbone}", "malformed placeholder {Backbone}"),
        ("a/{}", "malformed placeholder {}"),
        ("a/{backbone", "unbalanced"),
        ("a/backbone}", "unbalanced"),
    ],
)
def test_malformed_templates(template: str, message: str) -> None:
    with pytest.raises(PlaceholderError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse(template)


def test_unusable_value_is_reported_with_its_token() -> None:
    with pytest.raises(PlaceholderError, match=r"token \{backbone\}: value '  '"):
        fill("{backbone}", {"backbone": "  "}, Scope.PATH)


def test_validate_returns_a_reusable_template() -> None:
    template = validate("hpo-{study}", Scope.NAME)
    assert template.tokens == ("study",)
    assert template.fill({"study": "My Study"}) == "hpo-My_Study"


@given(
    st.lists(st.sampled_from(["backbone", "study", "spec8", "trial", "dataset"]), max_size=4),
    st.text(alphabet="abc-_/.", max_size=8),
)
def test_parse_fill_round_trip(names: list[str], sep: str) -> None:
    template = sep.join("{" + n + "}" for n in names) or "static"
    assert parse(template) == tuple(names)
    values = {"backbone": "b", "study": "s", "spec_fp": "0123456789", "trial": 7, "dataset": "d"}
    filled = fill(template, values, Scope.PATH)
    assert "{" not in filled
    assert "}" not in filled
