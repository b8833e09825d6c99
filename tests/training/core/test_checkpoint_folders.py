"""Atomic checkpoint folders: swapped in whole, recovered after an interrupted swap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resume_ner.training.core.checkpoint import (
    load_trainer_state,
    recover_folder,
    write_exact_json,
    write_folder_atomically,
)


def _write(text: str):  # type: ignore[no-untyped-def]
    def write(folder: Path) -> None:
        (folder / "a.txt").write_text(text)
        (folder / "b.txt").write_text(text * 2)

    return write


def test_folder_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "last"
    write_folder_atomically(target, _write("one"))
    write_folder_atomically(target, _write("two"))
    assert (target / "a.txt").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last"]


def test_failed_write_keeps_the_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "last"
    write_folder_atomically(target, _write("one"))

    def broken(folder: Path) -> None:
        (folder / "a.txt").write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_folder_atomically(target, broken)
    assert (target / "a.txt").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last"]


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    target = tmp_path / "last"
    write_folder_atomically(target, _write("one"))
    # A kill between the two renames leaves only the old folder aside, plus a stale temp.
    os.replace(target, tmp_path / ".last.old-123")
    (tmp_path / ".last.tmp-456").mkdir()
    assert recover_folder(target) == target
    assert (target / "a.txt").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last"]
    assert recover_folder(tmp_path / "best") is None


def test_trainer_state_keeps_floats_exact_and_names_bad_files(tmp_path: Path) -> None:
    value = {"best_score": 2 / 3, "history": [{"loss": 0.1 + 0.2}]}
    write_exact_json(tmp_path / "trainer_state.json", value)
    assert load_trainer_state(tmp_path) == value
    (tmp_path / "trainer_state.json").write_text("{\n  oops")
    with pytest.raises(ValueError, match=r"trainer_state.json:2: invalid JSON"):
        load_trainer_state(tmp_path)
    with pytest.raises(ValueError, match=r"has no trainer_state\.json; cannot resume"):
        load_trainer_state(tmp_path / "missing")
