"""Tests of atomic file writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.common.shared.atomic import atomic_open, atomic_write_bytes, atomic_write_text


def test_write_creates_parents_and_content(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    atomic_write_text(target, "héllo\n")
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert atomic_write_bytes(tmp_path / "x.bin", b"\x00\x01").read_bytes() == b"\x00\x01"


def test_failed_write_keeps_old_content_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "metadata.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_open(target) as handle:
        handle.write("partial new content")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json"]


def test_replace_is_whole(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    atomic_write_text(target, "x" * 100_000)
    atomic_write_text(target, "short")
    assert target.read_text(encoding="utf-8") == "short"


def test_unsupported_mode_is_rejected(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="supports modes 'w' and 'wb', not 'a'"),
        atomic_open(tmp_path / "f", mode="a"),
    ):
        pass


def test_written_files_get_the_normal_umask_mode(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "readable.txt", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
