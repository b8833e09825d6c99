"""Tests of the data stage: fingerprinted folder, reuse, no leakage, failure metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.data.stage import dataset_fingerprint, load_splits, run_data_stage
from resume_ner.infrastructure.config import load_config
from resume_ner.infrastructure.metadata import MetadataIndex
from resume_ner.infrastructure.paths import OutputLayout

NATIVE = (
    '[{"id": "a", "text": "Jane Doe jane@x.io", "annotations": [[0, 8, "PERSON"], [9, 18, "EMAIL"]]},'
    ' {"id": "b", "text": "Bob Roe bob@y.io", "annotations": [[0, 7, "PERSON"], [8, 16, "EMAIL"]]},'
    ' {"id": "c", "text": "Ann Poe ann@z.io", "annotations": [[0, 7, "PERSON"]]},'
    ' {"id": "d", "text": "Tim Loe tim@w.io", "annotations": [[0, 7, "PERSON"]]},'
    ' {"id": "e", "text": "Kim Moe kim@v.io", "annotations": [[8, 16, "EMAIL"]]}]'
)


def _setup(tmp_path: Path, *overrides: str) -> tuple[object, OutputLayout]:
    (tmp_path / "data.json").write_text(NATIVE, encoding="utf-8")
    config = load_config(
        [],
        [
            "data.name=tiny",
            'data.sources=[{"path": "data.json", "format": "native"}]',
            "data.label_preset=reference",
            "data.split={train: 0.6, validation: 0.2, test: 0.2}",
            *overrides,
        ],
    )
    return config, OutputLayout.from_config(config.paths, base_dir=tmp_path)


def test_stage_writes_splits_manifest_and_metadata_then_reuses(tmp_path: Path) -> None:
    config, layout = _setup(tmp_path)
    first = run_data_stage(config.data, layout, tmp_path)  # type: ignore[attr-defined]
    assert not first.reused
    assert first.folder == tmp_path / "outputs" / "data" / "tiny" / first.fingerprint.short
    splits = first.splits()
    ids = [d.id for part in splits.as_dict().values() for d in part]
    assert sorted(ids) == ["a", "b", "c", "d", "e"], "every document in exactly one split"
    assert {s.label for d in splits.train for s in d.spans} <= {"NAME", "EMAIL"}
    entry = MetadataIndex(layout.root).latest("data")
    assert entry is not None
    assert entry.fingerprints["data_fp"] == first.fingerprint.value
    second = run_data_stage(config.data, layout, tmp_path)  # type: ignore[attr-defined]
    assert second.reused
    assert second.folder == first.folder
    assert load_splits(second.folder).ids() == splits.ids()


def test_settings_and_contents_change_the_fingerprint(tmp_path: Path) -> None:
    config, _ = _setup(tmp_path)
    base = dataset_fingerprint(config.data, tmp_path)  # type: ignore[attr-defined]
    reseeded, _ = _setup(tmp_path, "data.seed=7")
    assert dataset_fingerprint(reseeded.data, tmp_path) != base  # type: ignore[attr-defined]
    windowed, _ = _setup(tmp_path, "data.max_length=512")
    assert dataset_fingerprint(windowed.data, tmp_path) == base  # type: ignore[attr-defined]
    (tmp_path / "data.json").write_text(NATIVE.replace("Jane", "Joan"), encoding="utf-8")
    assert dataset_fingerprint(config.data, tmp_path) != base  # type: ignore[attr-defined]


def test_missing_source_names_the_config_key(tmp_path: Path) -> None:
    config = load_config([], ['data.sources=[{"path": "nope.json"}]'])
    layout = OutputLayout.from_config(config.paths, base_dir=tmp_path)
    with pytest.raises(
        FileNotFoundError, match=r"data.sources\[0\].path: 'nope.json' does not exist"
    ):
        run_data_stage(config.data, layout, tmp_path)


def test_not_a_prepared_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a prepared dataset"):
        load_splits(tmp_path)
