"""Tests of shared constants."""

from __future__ import annotations

from resume_ner.common.constants import STAGE_ORDER, Stage, files


def test_stage_order_is_the_pipeline_order() -> None:
    assert [s.value for s in STAGE_ORDER] == ["data", "hpo", "select", "train", "convert", "bench"]
    assert Stage("train") is Stage.TRAIN


def test_file_names_are_plain_names() -> None:
    names = [v for k, v in vars(files).items() if k.isupper()]
    assert names
    assert all("/" not in name for name in names)
    assert len(set(names)) == len(names)
