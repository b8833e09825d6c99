"""Azure ML data assets built offline: entity fields, YAML dump and load, errors, registration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from resume_ner.infrastructure.platform.azureml import (
    AzureMLNotInstalledError,
    build_data_asset,
    register_data_asset,
)

pytest.importorskip("azure.ai.ml")


def test_builds_a_uri_folder_asset_for_a_local_folder(tmp_path: Path) -> None:
    asset = build_data_asset(
        "resume-demo", tmp_path, version="1a2b3c4d", description="demo", tags={"documents": 300}
    )
    assert asset.type == "uri_folder"
    assert asset.name == "resume-demo"
    assert asset.version == "1a2b3c4d"
    assert Path(asset.path) == tmp_path.resolve()
    assert asset.description == "demo"
    assert asset.tags == {"documents": "300"}


def test_dump_and_load_back_with_load_data(tmp_path: Path) -> None:
    from azure.ai.ml import load_data

    data = tmp_path / "prepared"
    data.mkdir()
    asset = build_data_asset(
        "resume_demo.v2", data, version="01234567", tags={"data_fp": "ab" * 32}
    )
    yaml_path = tmp_path / "asset.yaml"
    asset.dump(yaml_path)
    loaded = load_data(yaml_path)
    assert (loaded.type, loaded.name, str(loaded.version)) == (
        "uri_folder",
        "resume_demo.v2",
        "01234567",
    )
    assert Path(loaded.path) == data.resolve()
    assert loaded.tags == {"data_fp": "ab" * 32}


def test_cloud_uris_are_kept_and_version_may_be_left_to_azure() -> None:
    uri = "azureml://datastores/workspaceblobstore/paths/resume-ner/demo/"
    asset = build_data_asset("demo", uri)
    assert asset.path == uri
    assert asset.version is None


@pytest.mark.parametrize(
    ("name", "version", "message"),
    [
        ("my data", None, "invalid data asset name 'my data': use letters, digits"),
        ("-demo", None, "invalid data asset name '-demo'"),
        ("demo", "v 1", "invalid data asset version 'v 1'"),
    ],
)
def test_invalid_names_and_versions(
    tmp_path: Path, name: str, version: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_data_asset(name, tmp_path, version=version)


def test_missing_local_folder(tmp_path: Path) -> None:
    with pytest.raises(
        FileNotFoundError, match=r"data asset path .*nope is not an existing folder"
    ):
        build_data_asset("demo", tmp_path / "nope")


def test_missing_sdk_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "azure.ai.ml", None)
    with pytest.raises(AzureMLNotInstalledError) as info:
        build_data_asset("demo", tmp_path)
    assert isinstance(info.value, ImportError)
    assert 'install it with: pip install "resume-ner[azure]"' in str(info.value)


def test_register_calls_create_or_update(tmp_path: Path) -> None:
    calls: list[Any] = []

    class Operations:
        def create_or_update(self, asset: Any) -> Any:
            calls.append(asset)
            return asset

    class Client:
        data = Operations()

    asset = build_data_asset("demo", tmp_path, version="1")
    assert register_data_asset(Client(), asset) is asset
    assert calls == [asset]
