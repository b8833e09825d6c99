"""The main job end to end on a tiny model: every stage runs, then every stage is reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_ner.cli.app import app
from tiny_pipeline import tiny_pipeline_config


@pytest.fixture
def tiny_config(tmp_path: Path, tiny_backbone: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_pipeline_config(tmp_path, tiny_backbone)


def test_run_then_rerun_reuses_every_stage(tiny_config: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["run", "--config", str(tiny_config), "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    rows = report["stages"]
    assert Path(report["report_md"]).is_file()
    assert [r["stage"] for r in rows] == ["data", "hpo", "select", "train", "convert", "bench"]
    assert {r["stage"]: r["state"] for r in rows}["train"] == "trained"
    converted = Path(next(r["folder"] for r in rows if r["stage"] == "convert"))
    assert (converted / "model.int8.onnx").is_file()
    assert json.loads((converted / "parity.json").read_text())["passed"] is True
    trained = Path(next(r["folder"] for r in rows if r["stage"] == "train"))
    for folder in (trained, converted):  # model cards, the converted one refreshed by bench
        card = (folder / "README.md").read_text(encoding="utf-8")
        assert card.startswith("---\nlanguage: en\n") and "## Personal data" in card
    assert "| onnx_int8 | 1 | 32 |" in (converted / "README.md").read_text(encoding="utf-8")

    backup = tiny_config.parent / "backup"
    second = runner.invoke(
        app,
        ["run", "--config", str(tiny_config), "--json", "-s", f"storage.backup_url={backup}"],
    )
    assert second.exit_code == 0, second.output
    second_report = json.loads(second.stdout)
    states = {r["stage"]: r["state"] for r in second_report["stages"]}
    outputs = tiny_config.parent / "outputs"
    assert (backup / Path(second_report["report_md"]).relative_to(outputs)).is_file()
    assert (backup / converted.relative_to(outputs) / "model.int8.onnx").is_file()
    assert states["data"] == "reused"
    assert states["hpo"] == "reused"
    assert states["train"] == "reused"
    assert states["convert"] == "reused"
    assert states["bench"] == "reused"

    only = runner.invoke(app, ["run", "--config", str(tiny_config), "--only", "convert"])
    assert only.exit_code == 0, only.output
    assert "serve it: resume-ner serve --model" in only.stdout


class _FakeJobs:
    def __init__(self, calls: list[tuple[str, object]]) -> None:
        self.calls = calls

    def create_or_update(self, job: object, experiment_name: str) -> object:
        self.calls.append(("create_or_update", experiment_name))
        return type("Created", (), {"name": "train-job-1", "studio_url": ""})()

    def stream(self, name: str) -> None:
        self.calls.append(("stream", name))


def test_run_with_the_azureml_config_submits_through_the_launcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``resume-ner run`` honours ``training.launcher: azureml`` as ``resume-ner train`` does."""
    azure_ml = pytest.importorskip("azure.ai.ml")
    identity = pytest.importorskip("azure.identity")
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "SUBSCRIPTION_ID": "0000",
        "RESOURCE_GROUP": "rg",
        "WORKSPACE_NAME": "ws",
    }.items():
        monkeypatch.setenv(f"RESUME_NER_PLATFORM__AZUREML__{key}", value)
    calls: list[tuple[str, object]] = []

    class FakeClient:
        def __init__(self, credential: object, *workspace: str) -> None:
            calls.append(("client", workspace))
            self.jobs = _FakeJobs(calls)

    monkeypatch.setattr(azure_ml, "MLClient", FakeClient)
    monkeypatch.setattr(identity, "DefaultAzureCredential", object)
    config = Path(__file__).resolve().parents[1] / "configs" / "azureml.yaml"
    result = CliRunner().invoke(app, ["run", "-c", str(config), "--from", "train", "--json"])
    assert result.exit_code == 0, result.output
    assert calls == [
        ("client", ("0000", "rg", "ws")),
        ("create_or_update", "resume-ner"),
        ("stream", "train-job-1"),
    ]
    report = json.loads(result.stdout[result.stdout.index("{") :])
    stages = {line["stage"]: line for line in report["stages"]}
    assert stages["train"]["state"] == "submitted"
    assert stages["train"]["facts"]["job"] == "train-job-1"
    assert stages["convert"]["state"] == stages["bench"]["state"] == "not run"
    assert not list(tmp_path.rglob("model.safetensors"))
