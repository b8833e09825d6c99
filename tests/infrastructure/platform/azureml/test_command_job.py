"""Azure ML command jobs: built as CommandJob, dumped to YAML that load_job reads back, submitted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from resume_ner.infrastructure.config.sections.platform import AzureMLConfig
from resume_ner.infrastructure.platform.azureml import (
    CommandJobError,
    JobInput,
    build_command_job,
    load_command_job,
    submit_job,
    train_command,
    write_command_job,
)
from resume_ner.infrastructure.platform.azureml.command_job import (
    missing_workspace_settings,
    project_requirements,
)

pytest.importorskip("azure.ai.ml")

WORKSPACE = AzureMLConfig(subscription_id="sub", resource_group="rg", workspace_name="ws")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "code").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.json").write_text("[]")
    (tmp_path / "config.yaml").write_text("training: {epochs: 1}\n")
    return {
        "code": tmp_path / "code",
        "data": tmp_path / "data",
        "config": tmp_path / "config.yaml",
    }


def _job(files: dict[str, Path], **kwargs: Any) -> Any:
    command = train_command(
        "${{inputs.config}}", overrides=["data.name=x y"], flags=["--force"], install=None
    )
    return build_command_job(
        AzureMLConfig(compute="cpu-4"),
        command=command,
        code=files["code"],
        inputs={
            "config": JobInput(str(files["config"]), "uri_file"),
            "data": JobInput(str(files["data"])),
            "asset": JobInput("azureml:resumes:3"),
        },
        display_name="train-demo",
        requirements=["torch>=2.4", "azureml-mlflow"],
        environment_variables={"RESUME_NER_PLATFORM__NAME": "azureml"},
        tags={"stage": "train", "variant": 2},
        **kwargs,
    )


def test_train_command() -> None:
    assert train_command("${{inputs.config}}", overrides=["a.b=c d"], install="pip install .") == (
        "pip install . && resume-ner train --config ${{inputs.config}} --set 'a.b=c d'"
    )


def test_job_yaml_round_trips_through_load_job(files: dict[str, Path], tmp_path: Path) -> None:
    path = write_command_job(_job(files), tmp_path / "out" / "job.yaml")
    data = yaml.safe_load(path.read_text())
    assert data["type"] == "command"
    assert data["command"] == (
        "resume-ner train --config ${{inputs.config}} --set 'data.name=x y' --force"
    )
    assert data["code"] == str(files["code"])
    assert data["compute"] == "azureml:cpu-4"
    assert data["inputs"] == {
        "config": {"path": str(files["config"]), "type": "uri_file"},
        "data": {"path": str(files["data"]), "type": "uri_folder"},
        "asset": {"path": "azureml:resumes:3", "type": "uri_folder"},
    }
    assert data["outputs"]["output_root"] == {"mode": "rw_mount", "type": "uri_folder"}
    assert data["environment_variables"] == {"RESUME_NER_PLATFORM__NAME": "azureml"}
    assert data["tags"] == {"stage": "train", "variant": "2"}
    conda = data["environment"]["conda_file"]
    python = f"python={sys.version_info.major}.{sys.version_info.minor}"
    assert conda["dependencies"] == [python, "pip", {"pip": ["torch>=2.4", "azureml-mlflow"]}]
    loaded = load_command_job(path)
    assert loaded.command == data["command"]
    assert loaded.inputs["config"]._data.path == str(files["config"])  # a local upload
    assert loaded.inputs["asset"]._data.path == "resumes:3"  # a data asset reference


def test_a_registered_environment_is_used_as_is(files: dict[str, Path], tmp_path: Path) -> None:
    path = write_command_job(_job(files, environment="azureml:resume-ner:7"), tmp_path / "j.yaml")
    assert yaml.safe_load(path.read_text())["environment"] == "azureml:resume-ner:7"
    load_command_job(path)


def test_bad_inputs_are_clear(files: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"job input .*missing does not exist"):
        build_command_job(
            AzureMLConfig(),
            command="true",
            code=files["code"],
            inputs={"x": JobInput(str(tmp_path / "missing"))},
            display_name="d",
            requirements=[],
        )
    with pytest.raises(CommandJobError, match="is a file; use kind 'uri_file'"):
        build_command_job(
            AzureMLConfig(),
            command="true",
            code=files["code"],
            inputs={"x": JobInput(str(files["config"]))},
            display_name="d",
            requirements=[],
        )
    bad = tmp_path / "bad.yaml"
    bad.write_text("type: command\ncommand: true\nnot_a_field: 1\n")
    with pytest.raises(CommandJobError, match=r"bad\.yaml: not a valid Azure ML command job"):
        load_command_job(bad)


def test_project_requirements_leave_out_extras() -> None:
    requirements = project_requirements()
    assert any(req.startswith("torch") for req in requirements)
    assert not any("extra" in req or req.startswith(("pytest", "fastapi")) for req in requirements)
    with pytest.raises(CommandJobError, match="is not installed"):
        project_requirements("no-such-distribution-xyz")


def test_submit_without_a_workspace_names_the_environment_variables(
    files: dict[str, Path],
) -> None:
    assert missing_workspace_settings(WORKSPACE) == []
    partial = AzureMLConfig(subscription_id="sub")
    with pytest.raises(CommandJobError) as caught:
        submit_job(_job(files), partial)
    assert str(caught.value).startswith(
        "cannot submit to Azure ML: the workspace is not configured; set "
        "RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP, "
        "RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME"
    )


class _Jobs:
    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.calls: list[tuple[str, Any]] = []

    def create_or_update(self, job: Any, experiment_name: str) -> Any:
        if self.fail:
            raise RuntimeError("AuthenticationFailed")
        self.calls.append(("create", experiment_name))
        return type("Created", (), {"name": "job-42", "studio_url": "https://studio"})()

    def stream(self, name: str) -> None:
        self.calls.append(("stream", name))


def test_submit_creates_the_job_and_streams_its_logs(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import azure.ai.ml
    import azure.identity

    jobs = _Jobs(fail=False)
    seen: list[tuple[Any, ...]] = []

    def client(*args: Any) -> Any:
        seen.append(args[1:])
        return type("Client", (), {"jobs": jobs})()

    monkeypatch.setattr(azure.ai.ml, "MLClient", client)
    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", lambda: "credential")
    assert submit_job(_job(files), WORKSPACE) == "job-42"
    assert seen == [("sub", "rg", "ws")]
    assert jobs.calls == [("create", "resume-ner"), ("stream", "job-42")]
    jobs.fail = True
    with pytest.raises(CommandJobError, match="workspace 'ws' failed: AuthenticationFailed"):
        submit_job(_job(files), WORKSPACE)
