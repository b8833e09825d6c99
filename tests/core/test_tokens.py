"""Tests of the naming-token registry."""

from __future__ import annotations

import pytest

from resume_ner.core.tokens import TOKENS, Scope, get_token, tokens_for


def test_short_forms_derive_from_their_source() -> None:
    spec8 = get_token("spec8")
    assert spec8.source == "spec_fp"
    assert spec8.value_key == "spec_fp"
    assert spec8.derive("0123456789abcdef") == "01234567"


def test_every_fingerprint_has_a_short_form() -> None:
    for name in ("data_fp", "spec_fp", "exec_fp", "conv_fp", "bench_fp", "hardware_fp"):
        short = name.removesuffix("_fp") + "8"
        assert TOKENS[short].source == name


def test_plain_token_keeps_its_value() -> None:
    assert get_token("backbone").derive("minilm") == "minilm"


def test_scopes_restrict_tokens() -> None:
    assert "timestamp" in tokens_for(Scope.NAME)
    assert "timestamp" not in tokens_for(Scope.PATH)
    assert "run_id" in tokens_for(Scope.TAG)
    assert "run_id" not in tokens_for(Scope.NAME)
    assert "spec8" in tokens_for(Scope.PATH)


def test_unknown_token_lists_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown token 'nope'; known tokens: .*backbone"):
        get_token("nope")
