"""The bundled demo dataset: shipped as package data, loads, equals a fresh generation."""

from __future__ import annotations

import gzip
import importlib.resources
import json
import subprocess
import sys
from pathlib import Path

import pytest

from resume_ner.common.shared import FileFormatError
from resume_ner.data.datasets import (
    available_bundled,
    bundled_path,
    generate_demo,
    load_bundled,
    read_documents_gz,
    write_documents_gz,
)
from resume_ner.data.datasets.bundled import DEMO_SIZE
from resume_ner.data.datasets.jsonl_gz import document_record
from resume_ner.data.loaders.document import Document, Span


def test_demo_is_package_data_and_small() -> None:
    resource = importlib.resources.files("resume_ner.data.datasets").joinpath(
        "bundled/demo.jsonl.gz"
    )
    assert resource.is_file()
    assert available_bundled() == ("demo",)
    assert bundled_path("demo") == bundled_path("bundled:demo")
    assert bundled_path("demo").stat().st_size < 300_000


def test_demo_loads_and_equals_a_fresh_generation() -> None:
    shipped = load_bundled("demo")
    assert len(shipped) == DEMO_SIZE
    assert [document_record(d) for d in shipped] == [document_record(d) for d in generate_demo()]
    assert shipped[0].meta["source"] == "bundled:demo"
    assert shipped[0].meta["line"] == 1


def test_the_regeneration_script_is_byte_for_byte_reproducible(
    tmp_path: Path, repo_root: Path
) -> None:
    out = tmp_path / "demo.jsonl.gz"
    subprocess.run(
        [sys.executable, str(repo_root / "scripts" / "make_demo_dataset.py"), "--output", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert out.read_bytes() == bundled_path("demo").read_bytes()


def test_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(
        FileNotFoundError, match=r"no bundled dataset named 'resumes'; available: demo"
    ):
        bundled_path("resumes")
    with pytest.raises(FileNotFoundError, match=r"no bundled dataset named '\.\./demo'"):
        load_bundled("../demo")


def test_gz_round_trip_keeps_unicode_and_line_separators(tmp_path: Path) -> None:
    text = "José Müller\u2028line two"
    docs = [Document("a", text, (Span(0, 11, "NAME"),)), Document("b", "no spans")]
    path = write_documents_gz(tmp_path / "x.jsonl.gz", docs)
    back = read_documents_gz(path)
    assert back == docs
    assert back[0].spans[0].text_in(text) == "José Müller"
    assert gzip.decompress(path.read_bytes()).decode().count("\n") == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "a", "text": "abc", "annotations": [[0, 9, "NAME"]]}',
            "outside the text (length 3)",
        ),
        (
            '{"id": "a", "text": "abc", "annotations": [[0, 2]]}',
            "annotation [0, 2] is not [start, end, label]",
        ),
        ('{"id": "a", "annotations": []}', "field 'text' must be a string"),
        ('{"id": 3, "text": "abc"}', "field 'id' must be a non-empty string"),
        ("[1, 2]", "expected a JSON object, got list"),
        ("{oops", "invalid JSON"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl.gz"
    good = json.dumps({"id": "ok", "text": "fine", "annotations": []})
    path.write_bytes(gzip.compress(f"{good}\n\n{line}\n".encode()))
    with pytest.raises(FileFormatError) as info:
        read_documents_gz(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)


def test_not_gzip_and_missing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(FileFormatError, match="not a readable gzip file"):
        read_documents_gz(broken)
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_documents_gz(tmp_path / "missing.jsonl.gz")
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"text": "hi"}\n', encoding="utf-8")
    assert read_documents_gz(plain)[0].id == "plain.jsonl:1"
