"""Logits parity: max/mean absolute difference, argmax agreement, padding masked out."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console

from resume_ner.testing.comparators import logits_parity


def test_near_identical_logits_pass() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(2, 5, 7))
    summary = logits_parity(a, a + 1e-6, atol=1e-4)
    assert summary.passed
    assert summary.max_abs_diff == pytest.approx(1e-6, rel=1e-2)
    assert summary.argmax_agreement == 1.0 and summary.positions == 10
    assert summary.as_dict()["passed"] is True


def test_a_flipped_argmax_or_large_difference_fails() -> None:
    a = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    b = np.array([[[1.0, 0.0], [2.0, 1.0]]])
    summary = logits_parity(a, b, atol=1e-4)
    assert not summary.passed
    assert summary.max_abs_diff == 2.0
    assert summary.mean_abs_diff == 0.5
    assert summary.argmax_agreement == 0.5
    console = Console(width=100, record=True)
    console.print(summary.table())
    text = console.export_text()
    assert "fail" in text and "50.00%" in text


def test_padding_is_masked_out() -> None:
    a = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    b = np.array([[[1.0, 0.0], [9.0, 1.0]]])
    summary = logits_parity(a, b, mask=np.array([[1, 0]]))
    assert summary.passed and summary.positions == 1


def test_bad_shapes_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"logit shapes differ: \(1, 2\) vs \(2, 2\)"):
        logits_parity(np.zeros((1, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="mask shape"):
        logits_parity(np.zeros((1, 3, 2)), np.zeros((1, 3, 2)), mask=np.ones((1, 2)))
    with pytest.raises(ValueError, match="no position to compare"):
        logits_parity(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), mask=np.zeros((1, 2)))
