"""The results file: torn last lines repaired, failures retried on request, bad files named."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from resume_ner.common.shared import FileFormatError
from resume_ner.deployment.extraction import open_results
from resume_ner.deployment.extraction.output import HEADER
from resume_ner.deployment.extraction.records import CSV_COLUMNS, failure_record


def _record(sha: str, ok: bool = True) -> dict[str, Any]:
    record = failure_record(f"/cv/{sha}.pdf", sha, "corrupt_document", "bad\nPDF", 0.1)
    if ok:
        fields = {"name": "Jane", "skills": ["sql", "python"], "other": {"HOBBY": ["chess"]}}
        record.update(error=None, kind="pdf", method="text_layer", pages=1, fields=fields)
    return record


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_append_then_reopen_knows_every_hash_and_its_success(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "out" / f"results{suffix}"
    results = open_results(path)
    results.append([_record("a"), _record("b", ok=False)])
    results.append([_record("c")])
    reopened = open_results(path)
    assert reopened.recorded == {"a": True, "b": False, "c": True}
    assert reopened.dropped_bytes == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 + (suffix == ".csv")


def test_csv_rows_hold_the_fields_joined_and_one_line_each(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    open_results(path).append([_record("a"), _record("b", ok=False)])
    open_results(path)  # the header is written once
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["skills"] == "sql; python" and rows[0]["name"] == "Jane"
    assert rows[0]["other"] == "HOBBY: chess" and rows[0]["error"] == ""
    assert rows[1]["error"] == "corrupt_document: bad PDF" and rows[1]["skills"] == ""
    assert path.read_text(encoding="utf-8").count(HEADER) == 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_torn_last_line_is_dropped_and_nothing_else(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"results{suffix}"
    results = open_results(path)
    results.append([_record("a"), _record("b")])
    whole = path.read_bytes()
    torn = results.line(_record("c")).encode("utf-8")[:25]
    with path.open("ab") as handle:
        handle.write(torn)
    reopened = open_results(path)
    assert reopened.dropped_bytes == len(torn)
    assert path.read_bytes() == whole
    assert reopened.recorded == {"a": True, "b": True}


def test_a_torn_csv_header_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(HEADER[:10], encoding="utf-8")
    assert open_results(path).recorded == {}
    assert path.read_text(encoding="utf-8") == HEADER


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_retry_failed_removes_only_the_failures(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"results{suffix}"
    open_results(path).append([_record("a"), _record("b", ok=False), _record("c")])
    reopened = open_results(path, retry_failed=True)
    assert reopened.recorded == {"a": True, "c": True}
    assert open_results(path).recorded == {"a": True, "c": True}


def test_records_without_a_hash_are_kept_but_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    unreadable = failure_record("/cv/locked.pdf", None, "unreadable_file", "denied", 0.0)
    open_results(path).append([unreadable, _record("a")])
    assert open_results(path).recorded == {"a": True}
    assert [json.loads(line)["sha256"] for line in path.read_text().splitlines()] == [None, "a"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.jsonl", '{"sha256": "a", "error": null}\nnot json\n', r"r.jsonl:2: not a JSON record"),
        ("r.jsonl", '{"text": "x"}\n', r"r.jsonl:1: not an extraction record"),
        ("r.csv", "path,sha\n", r"r.csv:1: has another header"),
        ("r.csv", HEADER + "a,b\n", r"r.csv:2: expected \d+ cells"),
    ],
)
def test_a_foreign_results_file_is_refused_with_its_line(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileFormatError, match=message):
        open_results(path)
    assert path.read_text(encoding="utf-8") == content


def test_other_suffixes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"must end in .jsonl or .csv, not '.json'"):
        open_results(tmp_path / "results.json")
