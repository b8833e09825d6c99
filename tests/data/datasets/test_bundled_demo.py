"""The bundled demo dataset: shipped as package data, loads, equals a fresh generation."""

from __future__ import annotations

import gzip
import importlib.resources
import subprocess
import sys
from pathlib import Path

import pytest

from resume_ner.data.datasets import (
    available_bundled,
    bundled_path,
    generate_demo,
    load_bundled,
    write_documents_gz,
)
from resume_ner.data.datasets.bundled import DEMO_SIZE
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.native import read_native


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
    assert [d.record(meta=False) for d in shipped] == [
        d.record(meta=False) for d in generate_demo()
    ]
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
    back = read_native(path)
    assert back == docs
    assert back[0].spans[0].text_in(text) == "José Müller"
    assert gzip.decompress(path.read_bytes()).decode().count("\n") == 2
