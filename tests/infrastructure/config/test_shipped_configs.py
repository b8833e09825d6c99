"""Every shipped config validates; configs/azureml.yaml is the demo pipeline as Azure ML jobs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.infrastructure.config import config_sources, load_config, resolved_dict

CONFIGS = Path(__file__).resolve().parents[3] / "configs"
AZUREML = CONFIGS / "azureml.yaml"
WORKSPACE_ENV = {
    "RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID": "00000000-0000-0000-0000-000000000000",
    "RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP": "rg-resume-ner",
    "RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME": "ws-resume-ner",
}
_AZURE_ONLY = {"platform", "training", "tracking"}


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_validates(path: Path) -> None:
    config = load_config([path], env={})
    assert config.data.sources, f"{path.name} names no data source"


def test_azureml_config_runs_the_demo_pipeline_on_azure_ml() -> None:
    config = load_config([AZUREML], env={})
    assert config.training.launcher == "azureml"
    assert config.platform.name == "azureml"
    assert config.tracking.uri is None
    azureml = config.platform.azureml
    assert (azureml.subscription_id, azureml.resource_group, azureml.workspace_name) == (
        None,
        None,
        None,
    )
    demo = resolved_dict(load_config([CONFIGS / "demo.yaml"], env={}))
    cloud = resolved_dict(config)
    assert {key: value for key, value in cloud.items() if key not in _AZURE_ONLY} == {
        key: value for key, value in demo.items() if key not in _AZURE_ONLY
    }
    assert cloud["training"] == {**demo["training"], "launcher": "azureml"}
    sources = config_sources(config)
    assert sources["training.epochs"] == str(CONFIGS / "demo.yaml")
    assert sources["training.launcher"] == str(AZUREML)


def test_azureml_workspace_and_tracking_come_from_the_environment() -> None:
    env = {**WORKSPACE_ENV, "MLFLOW_TRACKING_URI": "azureml://eastus.api.azureml.ms/mlflow/v1.0/x"}
    config = load_config([AZUREML], env=env)
    azureml = config.platform.azureml
    assert azureml.subscription_id == WORKSPACE_ENV["RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID"]
    assert azureml.resource_group == "rg-resume-ner"
    assert azureml.workspace_name == "ws-resume-ner"
    assert config.tracking.uri == "azureml://eastus.api.azureml.ms/mlflow/v1.0/x"
    assert config_sources(config)["platform.azureml.workspace_name"] == (
        "env: RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME"
    )


def test_every_variable_the_azureml_config_documents_sets_its_key() -> None:
    text = AZUREML.read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"\bRESUME_NER_[A-Z_]+__[A-Z_]+\b", text)))
    assert len(names) >= 7, names
    for name in names:
        key = name.removeprefix("RESUME_NER_").lower().replace("__", ".")
        config = load_config([AZUREML], env={name: "azureml://x/y"})
        assert config_sources(config)[key] == f"env: {name}", name


def test_azureml_config_keys_are_spelled_out() -> None:
    data = yaml.safe_load(AZUREML.read_text(encoding="utf-8"))
    assert data["defaults"] == ["demo.yaml"]
    assert set(data["platform"]["azureml"]) == {
        "subscription_id",
        "resource_group",
        "workspace_name",
        "compute",
        "environment_image",
        "experiment_name",
    }


def test_azureml_train_dry_run_writes_a_valid_command_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("azure.ai.ml")
    monkeypatch.chdir(CONFIGS.parent)
    monkeypatch.setenv("RESUME_NER_PATHS__OUTPUT_ROOT", str(tmp_path / "outputs"))
    for name in WORKSPACE_ENV:
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["train", "-c", str(AZUREML), "--dry-run"])
    assert result.exit_code == 0, result.output
    job = yaml.safe_load(result.stdout)
    assert job["type"] == "command"
    assert job["compute"] == "azureml:cpu-cluster"
    assert job["experiment_name"] == "resume-ner"
    assert "resume-ner train --config ${{inputs.config}}" in job["command"]
    assert job["environment_variables"] == {"RESUME_NER_PLATFORM__NAME": "azureml"}
    job_config = yaml.safe_load(Path(job["inputs"]["config"]["path"]).read_text())
    assert job_config["training"]["launcher"] == "inprocess"
    assert job_config["paths"]["output_root"] == "outputs"

    submit = CliRunner().invoke(app, ["train", "-c", str(AZUREML)])
    assert submit.exit_code == 1
    assert (
        "error: cannot submit to Azure ML: the workspace is not configured; set "
        "RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID, "
        "RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP, "
        "RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME (the job YAML is ready at "
    ) in submit.output


def test_azureml_sweep_is_written_and_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("azure.ai.ml")
    monkeypatch.chdir(CONFIGS.parent)
    out = tmp_path / "sweep.yaml"
    result = CliRunner().invoke(
        app, ["hpo", "sweep", "-c", "configs/azureml.yaml", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (1 parameters, validated)" in result.output
    sweep = yaml.safe_load(out.read_text())
    assert sweep["objective"] == {"goal": "maximize", "primary_metric": "span_f1"}
    assert sweep["limits"] == {"max_total_trials": 2, "max_concurrent_trials": 2}
    assert "resume-ner hpo trial --config configs/azureml.yaml" in sweep["trial"]["command"]
