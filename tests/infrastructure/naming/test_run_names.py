"""Tests of experiment and run names built from the naming config."""

from __future__ import annotations

import pytest

from resume_ner.common.constants.stages import Stage
from resume_ner.core.placeholders import PlaceholderError
from resume_ner.infrastructure.config.sections.naming import DEFAULT_RUN_TEMPLATES, NamingConfig
from resume_ner.infrastructure.naming import NamingError, RunNamer

SPEC = "abcdef0123456789"


@pytest.fixture
def namer() -> RunNamer:
    return RunNamer.from_config(NamingConfig())


def test_experiment_names(namer: RunNamer) -> None:
    assert namer.experiment_name("hpo") == "resume-ner-hpo"
    assert namer.experiment_name(Stage.TRAIN) == "resume-ner-train"


def test_unknown_stage_lists_stages(namer: RunNamer) -> None:
    with pytest.raises(NamingError) as info:
        namer.experiment_name("trian")
    assert str(info.value) == (
        "unknown stage 'trian'; known stages: data, hpo, select, train, convert, bench"
    )


def test_default_run_names(namer: RunNamer) -> None:
    assert namer.run_name("hpo", study="minilm") == "hpo-minilm"
    assert namer.run_name("hpo_trial", trial=4) == "trial-4"
    assert namer.run_name("hpo_fold", trial=4, fold=2) == "trial-4-fold-2"
    assert namer.run_name("train", backbone="MiniLM", spec_fp=SPEC, variant=2) == (
        "train-MiniLM-abcdef01-v2"
    )
    assert namer.run_name("data", dataset="resumes", data_fp=SPEC) == "data-resumes-abcdef01"


def test_unknown_run_key_lists_keys(namer: RunNamer) -> None:
    with pytest.raises(NamingError) as info:
        namer.run_name("training")
    known = ", ".join(sorted(DEFAULT_RUN_TEMPLATES))
    assert str(info.value) == f"unknown run template key 'training'; known keys: {known}"


def test_missing_value_names_key_template_and_token(namer: RunNamer) -> None:
    with pytest.raises(PlaceholderError) as info:
        namer.run_name("hpo_fold", trial=1)
    assert str(info.value) == (
        "naming.run_templates['hpo_fold']: template 'trial-{trial}-fold-{fold}': "
        "no value for token {fold}"
    )


def test_custom_templates_and_automatic_project_and_stage() -> None:
    config = NamingConfig(
        project="cv parser",
        experiment_template="{project}/{env}/{stage}",
        run_templates={"hpo_trial": "{project}-{stage}-{study}-t{trial}"},
    )
    namer = RunNamer.from_config(config)
    assert namer.experiment_name("bench", env="colab") == "cv_parser/colab/bench"
    assert namer.run_name("hpo_trial", study="s", trial=1) == "cv_parser-hpo-s-t1"
    assert namer.run_name("hpo_trial", study="s", trial=1, stage="x") == "cv_parser-x-s-t1"
    assert namer.run_name("select", spec_fp=SPEC) == "select-abcdef01"  # default kept


def test_values_are_normalised_for_mlflow(namer: RunNamer) -> None:
    assert namer.run_name("hpo", study="my study/round\t2") == "hpo-my_study-round_2"


def test_names_never_exceed_250_characters() -> None:
    config = NamingConfig(run_templates={"hpo": "{study}-{study}-{dataset}"})
    namer = RunNamer.from_config(config)
    name = namer.run_name("hpo", study="s" * 200, dataset="d" * 200)
    assert len(name) == 250
    assert name.startswith("s" * 200)


def test_invalid_template_names_its_key() -> None:
    config = NamingConfig.model_construct(
        project="p", experiment_template="{project}-{stag}", run_templates={}, tag_prefix="p."
    )
    with pytest.raises(PlaceholderError) as info:
        RunNamer.from_config(config)
    assert str(info.value).startswith("naming.experiment_template: template '{project}-{stag}'")
    assert "unknown token {stag}" in str(info.value)


def test_namer_is_immutable(namer: RunNamer) -> None:
    with pytest.raises(TypeError):
        namer.run_templates["x"] = namer.run_templates["hpo"]  # type: ignore[index]
