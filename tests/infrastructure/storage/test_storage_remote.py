"""Backup and restore through fsspec URLs (memory://), manifests and clear URL errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import fsspec
import pytest
from storage_data import OUTPUT_FILES, tree_bytes

from resume_ner.infrastructure.storage import (
    MANIFEST_NAME,
    StorageError,
    backup,
    is_local,
    resolve,
    restore,
)


def _memory_path(url: str) -> str:
    return "/" + url.removeprefix("memory://")


def test_memory_round_trip(outputs: Path, memory_url: str, tmp_path: Path) -> None:
    report = backup(outputs, memory_url)
    assert report.ok and sorted(report.copied) == sorted(OUTPUT_FILES)
    fs = fsspec.filesystem("memory")
    manifest = json.loads(fs.cat(f"{_memory_path(memory_url)}/{MANIFEST_NAME}"))
    assert manifest["format"] == "resume-ner-manifest/1"
    assert set(manifest["files"]) == set(OUTPUT_FILES)
    restored = tmp_path / "restored"
    back = restore(memory_url, restored)
    assert back.ok and sorted(back.copied) == sorted(OUTPUT_FILES)
    assert tree_bytes(restored) == tree_bytes(outputs)


def test_remote_second_backup_uses_manifest_without_reading_files(
    outputs: Path, memory_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup(outputs, memory_url)
    fs = fsspec.filesystem("memory")
    opened: list[str] = []
    real_open = type(fs)._open

    def spy(self: object, path: str, mode: str = "rb", **kwargs: object) -> object:
        opened.append(f"{mode}:{path}")
        return real_open(self, path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(fs), "_open", spy)
    report = backup(outputs, memory_url)
    assert report.copied == [] and len(report.skipped) == len(OUTPUT_FILES)
    data_opens = [p for p in opened if not p.rsplit("/", 1)[-1].startswith(MANIFEST_NAME)]
    assert data_opens == []
    (outputs / "notes.tmp").write_bytes(b"changed!\n")
    backup(outputs, memory_url)
    assert [p for p in opened if p.endswith("/notes.tmp")] == [
        f"wb:{_memory_path(memory_url)}/notes.tmp"
    ]


def test_remote_change_copies_one_file(outputs: Path, memory_url: str) -> None:
    backup(outputs, memory_url)
    (outputs / "metadata.json").write_bytes(b'{"stage": "conv"}\n')  # same size
    report = backup(outputs, memory_url)
    assert report.copied == ["metadata.json"]
    fs = fsspec.filesystem("memory")
    assert fs.cat(f"{_memory_path(memory_url)}/metadata.json") == b'{"stage": "conv"}\n'


def test_remote_without_manifest_falls_back_to_size_and_hash(
    outputs: Path, memory_url: str, tmp_path: Path
) -> None:
    backup(outputs, memory_url)
    fs = fsspec.filesystem("memory")
    fs.rm_file(f"{_memory_path(memory_url)}/{MANIFEST_NAME}")
    fs.pipe_file(f"{_memory_path(memory_url)}/model/config.json", b'{"labels": 99}\n')
    report = backup(outputs, memory_url)
    assert report.copied == ["model/config.json"]
    assert len(report.skipped) == len(OUTPUT_FILES) - 1
    assert fs.exists(f"{_memory_path(memory_url)}/{MANIFEST_NAME}")
    restored = tmp_path / "r"
    restore(memory_url, restored)
    fs.rm_file(f"{_memory_path(memory_url)}/{MANIFEST_NAME}")
    again = restore(memory_url, restored)
    assert again.copied == [] and len(again.skipped) == len(OUTPUT_FILES)


def test_unknown_protocol_is_a_clear_error(outputs: Path) -> None:
    with pytest.raises(StorageError, match="unknown storage protocol 'foo' in 'foo://bucket/x'"):
        backup(outputs, "foo://bucket/x")
    with pytest.raises(StorageError, match="unknown storage protocol 'foo'"):
        restore("foo://bucket/x", outputs.parent / "r")


@pytest.mark.parametrize(
    ("url", "package"),
    [("s3://bucket/run", "s3fs"), ("gs://bucket/run", "gcsfs"), ("az://container/run", "adlfs")],
)
def test_missing_backend_names_the_package(outputs: Path, url: str, package: str) -> None:
    if importlib.util.find_spec(package) is not None:
        pytest.skip(f"{package} is installed here")
    with pytest.raises(
        StorageError, match=rf"needs the package '{package}'.*pip install {package}"
    ):
        backup(outputs, url)


def test_resolve_local_forms(tmp_path: Path) -> None:
    assert is_local(str(tmp_path)) and is_local(f"file://{tmp_path}") and is_local("rel/dir")
    assert not is_local("memory://x") and not is_local("simplecache::s3://b/x")
    drive = resolve("/content/drive/MyDrive/resume-ner/outputs")
    assert drive.local and drive.local_path == Path("/content/drive/MyDrive/resume-ner/outputs")
    assert resolve(f"file://{tmp_path}").local_path == tmp_path
    remote = resolve("memory://bucket/x/")
    assert not remote.local and remote.path == "/bucket/x"
    with pytest.raises(StorageError, match="is not a local path"):
        _ = remote.local_path
    with pytest.raises(StorageError, match="empty storage location"):
        resolve("")


def test_restore_of_missing_remote_is_a_clear_error(memory_url: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=rf"nothing to restore: {memory_url} does not exist"):
        restore(memory_url, tmp_path / "r")
