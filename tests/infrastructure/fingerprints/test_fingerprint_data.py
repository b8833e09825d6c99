"""Tests of data_fp and the Fingerprint value type: content-only, location-free, golden value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from resume_ner.infrastructure.fingerprints import Fingerprint, data_fp, make_fingerprint

# Golden values. Changing one means every stored fingerprint of that kind changes and no
# earlier run will be reused: only change them on purpose (and bump the schema version).
GOLDEN_DATA_FP = "2e340b32ffa4c0a621e4cf04e5121cc3b520a0a751d3f4ca63179d2a0079b971"
GOLDEN_MAKE_FP = "ad7e49095dd418cc4cd9e16aa0d8448444783456e82e244333060c0beba1be6d"


def _dataset(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jsonl").write_bytes(b'{"text": "Jane Doe", "annotations": [[0, 8, "NAME"]]}\n')
    (folder / "sub" / "b.txt").write_bytes(b"B-NAME\n")
    return folder


def test_golden_value(tmp_path: Path) -> None:
    fp = data_fp(_dataset(tmp_path / "ds"))
    assert fp.value == GOLDEN_DATA_FP
    assert fp.kind == "data"
    assert fp.short == GOLDEN_DATA_FP[:8]
    assert str(fp) == GOLDEN_DATA_FP
    assert list(fp.components["sources"][0]["files"]) == ["a.jsonl", "sub/b.txt"]


def test_make_fingerprint_golden_and_order_free() -> None:
    assert make_fingerprint("test", {"b": [1, 2.5], "a": "x"}).value == GOLDEN_MAKE_FP
    assert make_fingerprint("test", {"a": "x", "b": (1.0, 2.5)}).value == GOLDEN_MAKE_FP
    assert make_fingerprint("other", {"a": "x", "b": [1, 2.5]}).value != GOLDEN_MAKE_FP


def test_float_spellings_are_equal() -> None:
    assert make_fingerprint("t", {"lr": 1e-4}) == make_fingerprint("t", {"lr": 0.0001})
    assert make_fingerprint("t", {"x": 3.0}) == make_fingerprint("t", {"x": 3})


def test_moving_or_renaming_the_folder_keeps_the_value(tmp_path: Path) -> None:
    original = _dataset(tmp_path / "checkout-a" / "data")
    before = data_fp(original)
    moved = tmp_path / "elsewhere" / "renamed"
    moved.parent.mkdir()
    shutil.move(str(tmp_path / "checkout-a" / "data"), moved)
    assert data_fp(moved) == before
    assert data_fp(str(moved)) == before


def test_one_changed_byte_changes_the_value(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "ds")
    before = data_fp(folder)
    target = folder / "sub" / "b.txt"
    target.write_bytes(b"B-NAMF\n")
    assert data_fp(folder) != before


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_file_set_changes_change_the_value(tmp_path: Path, change: str) -> None:
    folder = _dataset(tmp_path / "ds")
    before = data_fp(folder)
    if change == "add":
        (folder / "c.jsonl").write_text("{}\n")
    elif change == "remove":
        (folder / "sub" / "b.txt").unlink()
    else:
        (folder / "a.jsonl").rename(folder / "z.jsonl")
    assert data_fp(folder) != before


def test_hidden_files_and_caches_are_ignored(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "ds")
    before = data_fp(folder)
    (folder / ".DS_Store").write_bytes(b"junk")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "x.pyc").write_bytes(b"junk")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "a.jsonl").write_bytes(b"junk")
    assert data_fp(folder) == before


def test_single_file_equals_folder_holding_only_it(tmp_path: Path) -> None:
    folder = tmp_path / "only"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"text": "x"}\n')
    copy = tmp_path / "a.jsonl"
    shutil.copy(folder / "a.jsonl", copy)
    assert data_fp(copy) == data_fp(folder)


def test_several_sources_keep_their_order(tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    second = tmp_path / "two.jsonl"
    first.write_text("1\n")
    second.write_text("2\n")
    assert data_fp([first, second]) == data_fp((first, second))
    assert data_fp([first, second]) != data_fp([second, first])
    assert data_fp([first, second]) != data_fp(first)


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match=f"data_fp: {missing}: no such file or folder"):
        data_fp(missing)


def test_empty_folder_and_no_path_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=f"folder {tmp_path} holds no dataset files"):
        data_fp(tmp_path)
    with pytest.raises(ValueError, match="needs at least one dataset file or folder"):
        data_fp([])


def test_fingerprint_is_hashable_and_compares_by_value() -> None:
    a = make_fingerprint("t", {"x": 1})
    b = Fingerprint("t", a.value, {})
    assert a == b
    assert {a, b} == {a}
    assert dict(a.components) == {"x": 1}
