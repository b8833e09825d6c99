"""ensure_local: local paths pass through; remote ones are fetched once and reused."""

from __future__ import annotations

from pathlib import Path

import fsspec
import pytest
from storage_data import OUTPUT_FILES, tree_bytes

from resume_ner.infrastructure.storage import StorageError, backup, ensure_local


def test_local_path_is_returned_as_is(tmp_path: Path) -> None:
    assert ensure_local(tmp_path / "data", tmp_path / "cache") == tmp_path / "data"
    assert ensure_local("relative/dir", tmp_path / "cache") == Path("relative/dir")
    assert ensure_local(f"file://{tmp_path}/x", tmp_path / "cache") == tmp_path / "x"
    assert not (tmp_path / "cache").exists()


def test_remote_folder_is_fetched_once_then_reused(
    outputs: Path, memory_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backup(outputs, memory_url)
    cache = tmp_path / "cache"
    local = ensure_local(memory_url, cache)
    assert local.parent == cache and local.name.startswith("backup-")
    assert tree_bytes(local) == tree_bytes(outputs)
    caplog.set_level("INFO", logger="resume_ner.infrastructure.storage")
    assert ensure_local(memory_url, cache) == local
    assert "0 copied" in caplog.text and f"{len(OUTPUT_FILES)} unchanged" in caplog.text


def test_remote_change_is_fetched_again(memory_url: str, tmp_path: Path) -> None:
    fs = fsspec.filesystem("memory")
    root = "/" + memory_url.removeprefix("memory://")
    fs.pipe_file(f"{root}/a.txt", b"one")  # no manifest: plain remote data
    fs.pipe_file(f"{root}/b.txt", b"two")
    cache = tmp_path / "cache"
    local = ensure_local(memory_url, cache)
    assert (local / "a.txt").read_bytes() == b"one"
    fs.pipe_file(f"{root}/a.txt", b"ONE")  # same size, new content and stamp
    assert (ensure_local(memory_url, cache) / "a.txt").read_bytes() == b"ONE"
    assert (local / "b.txt").read_bytes() == b"two"


def test_unchanged_remote_without_manifest_is_not_downloaded_again(
    memory_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fs = fsspec.filesystem("memory")
    root = "/" + memory_url.removeprefix("memory://")
    fs.pipe_file(f"{root}/big.bin", b"x" * 4096)
    cache = tmp_path / "cache"
    ensure_local(memory_url, cache)
    opened: list[str] = []
    real_open = type(fs)._open

    def spy(self: object, path: str, mode: str = "rb", **kwargs: object) -> object:
        if "r" in mode:
            opened.append(path)
        return real_open(self, path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(fs), "_open", spy)
    ensure_local(memory_url, cache)
    assert opened == []
    fs.pipe_file(f"{root}/big.bin", b"y" * 4096)
    assert (ensure_local(memory_url, cache) / "big.bin").read_bytes() == b"y" * 4096
    assert opened and set(opened) == {f"{root}/big.bin"}


def test_remote_file_is_fetched_into_cache(outputs: Path, memory_url: str, tmp_path: Path) -> None:
    backup(outputs, memory_url)
    local = ensure_local(f"{memory_url}/model/weights.bin", tmp_path / "cache")
    assert local.name == "weights.bin"
    assert local.read_bytes() == OUTPUT_FILES["model/weights.bin"]


def test_missing_remote_is_a_clear_error(memory_url: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=rf"nothing to fetch: {memory_url} does not exist"):
        ensure_local(memory_url, tmp_path / "cache")
