"""Flattening, stringifying and bounding params, tags and metrics before they reach MLflow."""

from __future__ import annotations

import logging
from decimal import Decimal
from enum import Enum
from pathlib import PurePosixPath

import pytest

from resume_ner.infrastructure.tracking import TrackingError
from resume_ner.infrastructure.tracking.values import (
    MAX_PARAM_VALUE_LENGTH,
    MAX_TAG_VALUE_LENGTH,
    flatten,
    prepare_metrics,
    prepare_params,
    prepare_tags,
)


class Color(Enum):
    RED = "red"


def test_flatten_nested_mappings_to_dotted_keys() -> None:
    nested = {"train": {"lr": 1e-4, "sched": {"name": "linear"}}, "seed": 7}
    assert flatten(nested) == {"train.lr": 1e-4, "train.sched.name": "linear", "seed": 7}


def test_flatten_rejects_colliding_keys() -> None:
    with pytest.raises(TrackingError, match=r"key 'a.b' appears twice after flattening"):
        flatten({"a.b": 1, "a": {"b": 2}})


def test_flatten_rejects_empty_key() -> None:
    with pytest.raises(TrackingError, match=r"empty key under 'model'"):
        flatten({"model": {"": 1}})


def test_params_are_stringified() -> None:
    params = {"path": PurePosixPath("/data/x.json"), "color": Color.RED, "none": None, "n": [1, 2]}
    assert prepare_params(params) == {
        "path": "/data/x.json",
        "color": "red",
        "none": "None",
        "n": "[1, 2]",
    }


def test_long_param_is_truncated_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="resume_ner.infrastructure.tracking.values"):
        prepared = prepare_params({"labels": {"all": "x" * (MAX_PARAM_VALUE_LENGTH + 10)}})
    assert len(prepared["labels.all"]) == MAX_PARAM_VALUE_LENGTH
    assert "param 'labels.all' is 6010 characters; truncated to MLflow's limit of 6000" in (
        caplog.text
    )


def test_long_tag_is_truncated(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        prepared = prepare_tags({"note": "y" * (MAX_TAG_VALUE_LENGTH + 1)})
    assert len(prepared["note"]) == MAX_TAG_VALUE_LENGTH
    assert "tag 'note' is 8001 characters" in caplog.text


def test_over_long_key_is_an_error() -> None:
    with pytest.raises(TrackingError, match=r"param key 'kkkk.*is 251 characters; MLflow allows"):
        prepare_params({"k" * 251: 1})


def test_metrics_are_floats_and_flattened() -> None:
    metrics = {"eval": {"f1": 0.5, "loss": Decimal("1.25")}, "epoch": 3, "best": True}
    assert prepare_metrics(metrics) == {
        "eval.f1": 0.5,
        "eval.loss": 1.25,
        "epoch": 3.0,
        "best": 1.0,
    }


def test_non_finite_metric_is_kept() -> None:
    assert prepare_metrics({"loss": float("inf")})["loss"] == float("inf")


@pytest.mark.parametrize("value", ["0.5", None, [1.0], b"1"])
def test_non_numeric_metric_names_the_key(value: object) -> None:
    with pytest.raises(TrackingError, match=r"^metric 'eval.f1' has a non-numeric value"):
        prepare_metrics({"eval": {"f1": value}})


def test_empty_tag_key_is_an_error() -> None:
    with pytest.raises(TrackingError, match="empty tag key"):
        prepare_tags({"": "x"})
