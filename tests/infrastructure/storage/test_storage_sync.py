"""Backup and restore between real local folders: skipping, atomicity, overlap, failures."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from storage_data import OUTPUT_FILES, tree_bytes

from resume_ner.infrastructure.storage import (
    MANIFEST_NAME,
    StorageError,
    SyncError,
    backup,
    restore,
)


def test_second_backup_copies_nothing_and_skips_everything(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "drive" / "backup"
    first = backup(outputs, str(dest))
    assert sorted(first.copied) == sorted(OUTPUT_FILES)
    assert first.skipped == [] and first.ok
    second = backup(outputs, str(dest))
    assert second.copied == []
    assert sorted(second.skipped) == sorted(OUTPUT_FILES)
    assert second.bytes_copied == 0
    assert "0 copied" in second.summary() and f"{len(OUTPUT_FILES)} unchanged" in second.summary()


def test_changing_one_file_copies_only_that_file(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    (outputs / "model" / "config.json").write_bytes(b'{"labels": 12}\n')
    report = backup(outputs, str(dest))
    assert report.copied == ["model/config.json"]
    assert len(report.skipped) == len(OUTPUT_FILES) - 1
    assert (dest / "model" / "config.json").read_bytes() == b'{"labels": 12}\n'


def test_same_size_change_is_detected_by_hash(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    (outputs / "hpo/study/trial-0/score.txt").write_bytes(b"0.92\n")
    report = backup(outputs, str(dest))
    assert report.copied == ["hpo/study/trial-0/score.txt"]
    assert (dest / "hpo/study/trial-0/score.txt").read_bytes() == b"0.92\n"


def test_restore_into_new_folder_gives_identical_bytes(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, f"file://{dest}")
    restored = tmp_path / "restored"
    report = restore(str(dest), restored)
    assert report.ok and sorted(report.copied) == sorted(OUTPUT_FILES)
    assert tree_bytes(restored) == tree_bytes(outputs)
    assert not (restored / MANIFEST_NAME).exists()
    again = restore(str(dest), restored)
    assert again.copied == [] and len(again.skipped) == len(OUTPUT_FILES)


def test_manifest_lists_hash_and_size_of_every_file(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    manifest = json.loads((dest / MANIFEST_NAME).read_text())
    assert set(manifest["files"]) == set(OUTPUT_FILES)
    weights = manifest["files"]["model/weights.bin"]
    assert weights["size"] == len(OUTPUT_FILES["model/weights.bin"])
    assert weights["sha256"] == hashlib.sha256(OUTPUT_FILES["model/weights.bin"]).hexdigest()
    assert not [p for p in dest.iterdir() if p.name.endswith(".tmp") and p.name.startswith(".")]


def test_excludes_leave_out_temp_files_and_checkpoints(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    report = backup(outputs, str(dest), excludes=["*.tmp", "**/checkpoint-*"])
    assert "notes.tmp" not in report.copied
    assert "train/checkpoint-5/optimizer.pt" not in report.copied
    assert not (dest / "notes.tmp").exists()
    assert not (dest / "train").exists()
    assert (dest / "model" / "weights.bin").is_file()


def test_copies_keep_permissions_and_are_atomic(outputs: Path, tmp_path: Path) -> None:
    script = outputs / "run.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    assert (dest / "run.sh").stat().st_mode & 0o777 == 0o755
    assert list(dest.rglob(".*.tmp")) == []


@pytest.mark.parametrize("inside", ["backup", "model/backup"])
def test_dest_inside_source_is_refused(outputs: Path, inside: str) -> None:
    with pytest.raises(StorageError, match="the destination is inside the source"):
        backup(outputs, str(outputs / inside))
    assert not (outputs / inside).exists()


def test_source_inside_dest_is_refused(outputs: Path) -> None:
    with pytest.raises(StorageError, match="the source is inside the destination"):
        backup(outputs / "model", str(outputs))


def test_same_location_is_refused(outputs: Path) -> None:
    with pytest.raises(StorageError, match="onto itself"):
        backup(outputs, f"file://{outputs}")


def test_restore_refuses_backup_folder_as_its_own_destination(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    with pytest.raises(StorageError, match=r"cannot restore .* the destination is inside"):
        restore(str(tmp_path / "b"), tmp_path / "b" / "inner")


def test_a_failing_file_is_reported_and_others_are_copied(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    (dest / "model" / "config.json").mkdir(parents=True)  # a folder where a file must go
    report = backup(outputs, str(dest))
    assert [path for path, _ in report.failed] == ["model/config.json"]
    assert "IsADirectoryError" in report.failed[0][1]
    assert len(report.copied) == len(OUTPUT_FILES) - 1
    assert (dest / "model" / "weights.bin").read_bytes() == OUTPUT_FILES["model/weights.bin"]
    assert "1 failed" in report.summary() and "model/config.json" in report.summary()
    manifest = json.loads((dest / MANIFEST_NAME).read_text())
    assert "model/config.json" not in manifest["files"]
    with pytest.raises(SyncError, match=r"sync incomplete: .*model/config\.json"):
        report.raise_for_failures()


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"nothing to back up: .*missing does not exist"):
        backup(tmp_path / "missing", str(tmp_path / "dest"))
    with pytest.raises(StorageError, match=r"nothing to restore: .*gone does not exist"):
        restore(str(tmp_path / "gone"), tmp_path / "dest")


def test_folder_into_existing_file_is_refused(outputs: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    with pytest.raises(StorageError, match="the destination is a file"):
        backup(outputs, str(target))
    assert target.read_text() == "keep me"


def test_single_file_backup_and_restore(outputs: Path, tmp_path: Path) -> None:
    source = outputs / "model" / "weights.bin"
    dest = tmp_path / "bk" / "weights-copy.bin"
    first = backup(source, str(dest))
    assert first.copied == ["weights.bin"]
    assert dest.read_bytes() == source.read_bytes()
    assert backup(source, str(dest)).skipped == ["weights.bin"]
    into_folder = tmp_path / "folder"
    into_folder.mkdir()
    backup(source, str(into_folder))
    assert (into_folder / "weights.bin").read_bytes() == source.read_bytes()
    back = tmp_path / "restored.bin"
    assert restore(str(dest), back).copied == ["weights-copy.bin"]
    assert back.read_bytes() == source.read_bytes()


def test_backup_leaves_extra_destination_files_alone(outputs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    backup(outputs, str(dest))
    os.remove(outputs / "notes.tmp")
    report = backup(outputs, str(dest))
    assert (dest / "notes.tmp").read_bytes() == OUTPUT_FILES["notes.tmp"]
    assert report.copied == [] and "notes.tmp" not in report.skipped
