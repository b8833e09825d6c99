"""Backup and restore of an output folder: incremental, atomic, excludes, clear errors."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import fsspec
import pytest
from storage_data import OUTPUT_FILES, tree_bytes

from resume_ner.infrastructure.config import load_config
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.storage import (
    MANIFEST_NAME,
    StorageError,
    backup,
    backup_output_root,
    restore,
)


def _memory_path(url: str) -> str:
    return "/" + url.removeprefix("memory://")


@pytest.mark.parametrize("kind", ["folder", "file_url", "memory"])
def test_backup_change_incremental_backup_restore(
    kind: str, outputs: Path, tmp_path: Path, memory_url: str
) -> None:
    url = {"folder": str(tmp_path / "drive"), "file_url": f"file://{tmp_path}/drive"}.get(
        kind, memory_url
    )
    first = backup(outputs, url)
    assert first.ok and sorted(first.copied) == sorted(OUTPUT_FILES) and first.skipped == []
    assert first.bytes_copied == sum(len(data) for data in OUTPUT_FILES.values())
    (outputs / "model" / "config.json").write_bytes(b'{"labels": 12}\n')  # same size
    (outputs / "new.txt").write_bytes(b"new")
    second = backup(outputs, url)
    assert sorted(second.copied) == ["model/config.json", "new.txt"]
    assert len(second.skipped) == len(OUTPUT_FILES) - 1 and second.bytes_copied == 18
    assert "2 copied (18 bytes)" in second.summary()
    restored = tmp_path / "restored"
    back = restore(url, restored)
    assert back.ok and len(back.copied) == len(OUTPUT_FILES) + 1
    expected = {rel: data for rel, data in tree_bytes(outputs).items() if "cache" not in rel}
    expected = {rel: data for rel, data in expected.items() if not rel.endswith((".lock", ".tmp"))}
    assert tree_bytes(restored) == expected
    again = restore(url, restored)
    assert again.copied == [] and len(again.skipped) == len(expected)


def test_manifest_records_size_and_hash_and_spares_remote_reads(
    outputs: Path, memory_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup(outputs, memory_url)
    fs = fsspec.filesystem("memory")
    manifest = json.loads(fs.cat(f"{_memory_path(memory_url)}/{MANIFEST_NAME}"))
    weights = manifest["files"]["model/weights.bin"]
    assert manifest["format"] == "resume-ner-manifest/1" and set(manifest["files"]) == set(
        OUTPUT_FILES
    )
    assert weights == {
        "size": len(OUTPUT_FILES["model/weights.bin"]),
        "sha256": hashlib.sha256(OUTPUT_FILES["model/weights.bin"]).hexdigest(),
    }
    opened: list[str] = []
    real_open = type(fs)._open

    def spy(self: object, path: str, mode: str = "rb", **kwargs: object) -> object:
        opened.append(path)
        return real_open(self, path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(fs), "_open", spy)
    assert backup(outputs, memory_url).copied == []
    assert [path for path in opened if MANIFEST_NAME not in path] == []


def test_without_manifest_remote_files_are_compared_by_hash(outputs: Path, memory_url: str) -> None:
    backup(outputs, memory_url)
    fs = fsspec.filesystem("memory")
    fs.rm_file(f"{_memory_path(memory_url)}/{MANIFEST_NAME}")
    fs.pipe_file(f"{_memory_path(memory_url)}/model/config.json", b'{"labels": 99}\n')
    report = backup(outputs, memory_url)
    assert report.copied == ["model/config.json"]
    assert fs.exists(f"{_memory_path(memory_url)}/{MANIFEST_NAME}")


def test_restore_keeps_local_files_and_writes_atomically(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    root = tmp_path / "root"
    (root / "model").mkdir(parents=True)
    (root / "mine.txt").write_text("local only")
    (root / "model" / "config.json").write_text("stale")
    report = restore(str(dest), root)
    assert "model/config.json" in report.copied
    assert (root / "mine.txt").read_text() == "local only"
    assert (root / "model" / "config.json").read_bytes() == OUTPUT_FILES["model/config.json"]
    assert not [p for p in root.rglob("*.tmp")] and not (root / MANIFEST_NAME).exists()


def test_excludes_are_names_or_paths(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    report = backup(outputs, str(dest), excludes=["**/checkpoint-*", "*.json"])
    assert sorted(report.copied) == [
        ".index.lock",
        "cache/hub/blob",
        "hpo/study/trial-0/score.txt",
        "model/weights.bin",
        "notes.tmp",
    ]


def test_a_failing_file_is_reported_and_the_others_copied(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    (dest / "model" / "config.json").mkdir(parents=True)  # a folder where a file must go
    report = backup(outputs, str(dest))
    assert [rel for rel, _ in report.failed] == ["model/config.json"] and not report.ok
    assert len(report.copied) == len(OUTPUT_FILES) - 1
    assert "failed model/config.json" in report.summary()
    assert "model/config.json" not in json.loads((dest / MANIFEST_NAME).read_text())["files"]


@pytest.mark.parametrize("inside", ["backup", "model/backup"])
def test_overlapping_folders_are_refused(outputs: Path, inside: str) -> None:
    with pytest.raises(StorageError, match="one folder is inside the other"):
        backup(outputs, str(outputs / inside))
    with pytest.raises(StorageError, match="one folder is inside the other"):
        restore(str(outputs), outputs / inside)


def test_missing_source_backup_url_or_backend_is_named(outputs: Path, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"nothing to back up: .*missing is not a folder"):
        backup(tmp_path / "missing", str(tmp_path / "dest"))
    with pytest.raises(StorageError, match=r"nothing to restore: memory://nowhere/x does not"):
        restore("memory://nowhere/x", tmp_path / "r")
    with pytest.raises(StorageError, match="cannot open storage URL 'foo://bucket/x'"):
        backup(outputs, "foo://bucket/x")
    with pytest.raises(StorageError, match="empty storage URL"):
        backup(outputs, "")


def test_missing_backend_names_the_package(outputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gcsfs", None)  # import gcsfs fails even where installed
    with pytest.raises(StorageError, match=r"cannot open 'gs://bucket/run'.*pip install gcsfs"):
        backup(outputs, "gs://bucket/run")


def test_pipeline_hook_backs_up_the_output_root_when_configured(
    outputs: Path, memory_url: str
) -> None:
    layout = OutputLayout.from_config(load_config([]).paths, root=outputs)
    assert backup_output_root(load_config([]), layout) is None
    config = load_config([], [f"storage.backup_url={memory_url}", "storage.exclude=[]"])
    report = backup_output_root(config, layout)
    assert report is not None and report.ok and len(report.copied) == len(OUTPUT_FILES) + 3
