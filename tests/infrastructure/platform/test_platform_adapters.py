"""Platform detection, output roots and tracking defaults from crafted environments."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.infrastructure.platform.adapters import (
    PlatformAdapter,
    PlatformError,
    detect_platform,
    get_adapter,
    platforms,
)

NO_COLAB = {"content_dir": Path("/nonexistent-content"), "has_module": lambda _name: False}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "local"),
        ({"PATH": "/usr/bin", "HOME": "/root"}, "local"),
        ({"COLAB_GPU": "0"}, "colab"),
        ({"COLAB_RELEASE_TAG": "release-colab_20250101"}, "colab"),
        ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, "kaggle"),
        ({"KAGGLE_URL_BASE": "https://www.kaggle.com"}, "kaggle"),
        ({"AZUREML_RUN_ID": "job_123"}, "azureml"),
        ({"AZUREML_EXPERIMENT_ID": "abc"}, "azureml"),
        ({"MLFLOW_TRACKING_URI": "azureml://eastus.api.azureml.ms/mlflow/v1.0/x"}, "azureml"),
        ({"MLFLOW_TRACKING_URI": "http://127.0.0.1:5000"}, "local"),
        ({"AZUREML_RUN_ID": "", "KAGGLE_URL_BASE": ""}, "local"),
    ],
)
def test_detect_from_env(env: dict[str, str], expected: str) -> None:
    assert detect_platform(env, **NO_COLAB) == expected  # type: ignore[arg-type]
    if expected != "local":  # "local" may read as colab on a machine with /content
        assert get_adapter("auto", env).name == expected


def test_detect_colab_from_content_folder_and_module(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    assert detect_platform({}, content_dir=content, has_module=lambda n: n == "google.colab") == (
        "colab"
    )
    assert detect_platform({}, content_dir=content, has_module=lambda _n: False) == "local"
    missing = tmp_path / "no-content"
    assert detect_platform({}, content_dir=missing, has_module=lambda _n: True) == "local"


@pytest.mark.parametrize(
    ("env", "cls"),
    [
        ({"COLAB_GPU": "1"}, platforms.ColabAdapter),
        ({"KAGGLE_KERNEL_RUN_TYPE": "Batch"}, platforms.KaggleAdapter),
        ({"AZUREML_RUN_ID": "job"}, platforms.AzureMLAdapter),
    ],
)
def test_get_adapter_auto_picks_the_detected_platform(env: dict[str, str], cls: type) -> None:
    adapter = get_adapter("auto", env)
    assert isinstance(adapter, cls)
    assert isinstance(adapter, PlatformAdapter)


def test_get_adapter_by_name_ignores_case() -> None:
    assert get_adapter(" Kaggle ", {}).name == "kaggle"
    assert get_adapter("local", {"COLAB_GPU": "1"}).name == "local"


def test_get_adapter_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AZUREML_RUN_ID", "AZUREML_EXPERIMENT_ID", "MLFLOW_TRACKING_URI"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert get_adapter().name == "kaggle"


def test_unknown_adapter_name_is_a_clear_error() -> None:
    with pytest.raises(PlatformError) as info:
        get_adapter("sagemaker", {})
    assert str(info.value) == (
        "unknown platform 'sagemaker' (platform.name); "
        "choose one of auto, azureml, colab, kaggle, local"
    )


def test_local_output_root_is_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    local = platforms.LocalAdapter({})
    assert local.output_root("outputs") == tmp_path / "outputs"
    assert local.output_root("runs/exp1") == tmp_path / "runs" / "exp1"
    assert local.output_root("/data/out") == Path("/data/out")
    assert local.default_tracking_uri(tmp_path / "outputs") is None


def test_colab_output_root_prefers_mounted_drive(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    colab = platforms.ColabAdapter({}, folder=content)
    assert not colab.drive_mounted
    assert colab.output_root("outputs") == content / "outputs"
    (content / "drive" / "MyDrive").mkdir(parents=True)
    assert colab.drive_mounted
    expected = content / "drive" / "MyDrive" / "resume-ner" / "outputs"
    assert colab.output_root("outputs") == expected
    assert colab.output_root("/tmp/x") == Path("/tmp/x")
    assert colab.default_tracking_uri(expected) is None


def test_colab_default_content_folder() -> None:
    colab = get_adapter("colab", {})
    root = colab.output_root("outputs")
    assert root in {
        Path("/content/outputs"),
        Path("/content/drive/MyDrive/resume-ner/outputs"),
    }


def test_kaggle_output_root_is_the_working_folder(tmp_path: Path) -> None:
    assert get_adapter("kaggle", {}).output_root("outputs") == Path("/kaggle/working/outputs")
    kaggle = platforms.KaggleAdapter({}, folder=tmp_path)
    assert kaggle.output_root("outputs") == tmp_path / "outputs"
    assert kaggle.default_tracking_uri(tmp_path) is None


def test_azureml_output_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    azure = platforms.AzureMLAdapter({})
    assert azure.output_root("outputs") == tmp_path / "outputs"
    assert azure.output_root("outputs/run1") == tmp_path / "outputs" / "run1"
    assert azure.output_root("runs") == tmp_path / "outputs" / "runs"
    assert azure.output_root("/mnt/data") == Path("/mnt/data")
    mounted = platforms.AzureMLAdapter({"AZURE_ML_OUTPUT_OUTPUT_ROOT": "/mnt/azureml/cr/j/out"})
    assert mounted.output_root("outputs") == Path("/mnt/azureml/cr/j/out")


def test_azureml_tracking_uri_comes_from_env(tmp_path: Path) -> None:
    uri = "azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/s/workspaces/w"
    assert (
        platforms.AzureMLAdapter({"MLFLOW_TRACKING_URI": uri}).default_tracking_uri(tmp_path) == uri
    )
    assert platforms.AzureMLAdapter({"AZUREML_RUN_ID": "x"}).default_tracking_uri(tmp_path) is None
