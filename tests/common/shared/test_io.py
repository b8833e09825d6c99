"""Tests of YAML/JSON IO and their error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.common.shared.io import (
    FileFormatError,
    dump_yaml,
    read_json,
    read_jsonl,
    read_yaml,
    write_json,
    write_yaml,
)


def test_yaml_round_trip_keeps_key_order(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "c.yaml", {"z": 1, "a": [1, 2], "m": {"k": (3,)}})
    assert path.read_text().splitlines()[0] == "z: 1"
    assert read_yaml(path) == {"z": 1, "a": [1, 2], "m": {"k": [3]}}
    assert dump_yaml({"b": 1}) == "b: 1\n"


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("training:\n  epochs: 3\n  lr: [1, 2\nother: 1\n")
    with pytest.raises(FileFormatError) as info:
        read_yaml(path)
    assert str(info.value).startswith(f"{path}:4: invalid YAML:")
    assert info.value.line == 4


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope.yaml: no such file"):
        read_yaml(tmp_path / "nope.yaml")
    with pytest.raises(FileFormatError, match="is a folder, expected a file"):
        read_json(tmp_path)


def test_json_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "a": 1,\n  "b": }\n')
    with pytest.raises(
        FileFormatError, match=r"bad.json:3: invalid JSON: Expecting value \(column 8\)"
    ):
        read_json(path)


def test_jsonl_skips_blank_lines_and_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2}\n{oops}\n')
    with pytest.raises(FileFormatError, match=r"d.jsonl:4: invalid JSON"):
        read_jsonl(path)
    path.write_text('{"a": 1}\n\n{"a": 2}\n')
    assert read_jsonl(path) == [{"a": 1}, {"a": 2}]


def test_invalid_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(FileFormatError, match=r"latin.yaml: not valid UTF-8 \(byte 9\)"):
        read_yaml(path)


def test_write_json_is_sorted_and_newline_terminated(tmp_path: Path) -> None:
    path = write_json(tmp_path / "m.json", {"b": 1, "a": 2.0})
    assert path.read_text() == '{\n  "a": 2,\n  "b": 1\n}\n'
    assert read_json(path) == {"a": 2, "b": 1}
