"""The Azure ML data asset of a prepared dataset: name, version and tags from its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from resume_ner.data.assets import asset_name, build_manifest, dataset_asset, register_dataset
from resume_ner.data.datasets import write_documents_gz
from resume_ner.data.loaders.document import Document, Span

pytest.importorskip("azure.ai.ml")

DOCS = [Document("a", "Ada Lovelace", (Span(0, 12, "NAME"),)), Document("b", "Alan")]


@pytest.fixture()
def prepared(tmp_path: Path) -> Path:
    folder = tmp_path / "prepared"
    source = write_documents_gz(tmp_path / "raw.jsonl.gz", DOCS)
    write_documents_gz(folder / "train.jsonl.gz", DOCS[:1])
    manifest = build_manifest("Résumé demo/v1", {"train": DOCS[:1], "test": DOCS[1:]}, [source])
    manifest.save(folder)
    return folder


def test_asset_is_named_versioned_and_tagged_from_the_manifest(prepared: Path) -> None:
    from azure.ai.ml import load_data

    from resume_ner.data.assets import DatasetManifest

    manifest = DatasetManifest.load(prepared)
    asset = dataset_asset(prepared)
    assert asset.type == "uri_folder"
    assert asset.name == "R-sum-demo-v1"
    assert asset.version == manifest.data_fp[:8]
    assert asset.tags["data_fp"] == manifest.data_fp
    assert asset.tags["documents"] == "2"
    assert asset.tags["splits"] == "train,test"
    assert asset.tags["labels"] == "NAME"
    assert "2 documents (train 1, test 1)" in asset.description
    asset.dump(prepared.parent / "asset.yaml")
    assert load_data(prepared.parent / "asset.yaml").version == manifest.data_fp[:8]


def test_register_dataset_uses_the_client(prepared: Path) -> None:
    created: list[Any] = []

    class Client:
        class data:
            @staticmethod
            def create_or_update(asset: Any) -> Any:
                created.append(asset)
                return asset

    registered = register_dataset(Client(), prepared, name="demo")
    assert created == [registered]
    assert registered.name == "demo"


def test_asset_name_rules() -> None:
    assert asset_name("demo") == "demo"
    assert asset_name("my data set!") == "my-data-set"
    with pytest.raises(ValueError, match="gives no usable Azure ML asset name"):
        asset_name("???")
