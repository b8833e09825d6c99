"""Which files an extraction reads: folders by suffix, named files always, globs, sorted."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.deployment.extraction import list_inputs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("b.pdf", "a.TXT", "sub/c.docx", "sub/deep/d.png", "sub/e.jpeg", "notes.bin"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return tmp_path


def test_folders_are_recursive_sorted_and_filtered_by_suffix(tree: Path) -> None:
    found = list_inputs([str(tree)])
    names = [str(path.relative_to(tree)) for path in found]
    assert names == ["a.TXT", "b.pdf", "sub/c.docx", "sub/deep/d.png", "sub/e.jpeg"]


def test_named_files_are_taken_whatever_their_suffix_and_listed_once(tree: Path) -> None:
    found = list_inputs([str(tree / "notes.bin"), str(tree / "sub"), str(tree / "sub/c.docx")])
    assert [path.name for path in found] == ["notes.bin", "c.docx", "d.png", "e.jpeg"]


def test_globs_match_files_and_folders(tree: Path) -> None:
    assert [p.name for p in list_inputs([f"{tree}/*.pdf"])] == ["b.pdf"]
    assert [p.name for p in list_inputs([f"{tree}/**/*.*g"])] == ["d.png", "e.jpeg"]
    assert [p.name for p in list_inputs([f"{tree}/su?"])] == ["c.docx", "d.png", "e.jpeg"]
    assert list_inputs([f"{tree}/*.bin"]) == []  # a glob keeps the suffix filter


@pytest.mark.parametrize(
    ("item", "message"),
    [("missing.pdf", "missing.pdf: no such file or folder"), ("*.nothing", "no file matches")],
)
def test_missing_inputs_are_named(tree: Path, item: str, message: str) -> None:
    with pytest.raises(FileNotFoundError, match=message):
        list_inputs([str(tree / item)])


def test_no_input_is_refused() -> None:
    with pytest.raises(ValueError, match="no input"):
        list_inputs([])
