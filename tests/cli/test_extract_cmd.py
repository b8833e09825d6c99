"""``resume-ner extract`` on a tiny random-weight model: records, exit codes, resume after kill -9."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from document_files import docx_with_text, pdf_with_text
from resume_ner.cli.app import app
from resume_ner.deployment.extraction.records import CSV_COLUMNS

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _mixed(folder: Path) -> Path:
    folder.mkdir()
    (folder / "sub").mkdir()
    (folder / "a.txt").write_text("Jane Doe\njane@x.io\nPython at ACME", encoding="utf-8")
    (folder / "b.pdf").write_bytes(pdf_with_text(["Bob Roe", "bob@y.io", "SQL"]))
    (folder / "sub" / "c.docx").write_bytes(docx_with_text(["Cid Poe", "Java"]))
    (folder / "sub" / "d.pdf").write_bytes(pdf_with_text(["Dee Fox", "Rust"], pages=2))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (folder / "blob.txt").write_bytes(os.urandom(64) + b"\x00")
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    return folder


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", *args, "--backend", "pytorch", "--device", "cpu"])


def test_a_mixed_folder_records_every_document_and_exits_1(model_dir: Path, tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "in")
    out = tmp_path / "results.jsonl"
    result = _extract(str(folder), "--model", str(model_dir), "--out", str(out))
    assert result.exit_code == 1, result.output
    records = _lines(out)
    names = [Path(r["path"]).name for r in records]
    assert names == ["a.txt", "b.pdf", "blob.txt", "broken.pdf", "c.docx", "d.pdf"]
    by_name = dict(zip(names, records, strict=True))
    assert by_name["blob.txt"]["error"]["code"] == "unsupported_media_type"
    assert by_name["broken.pdf"]["error"]["code"] == "corrupt_document"
    pdf = by_name["d.pdf"]
    assert (pdf["kind"], pdf["method"], pdf["pages"], pdf["error"]) == (
        "pdf",
        "text_layer",
        2,
        None,
    )
    assert pdf["entities"] and set(pdf["fields"]) >= {"name", "emails", "skills"}
    assert by_name["c.docx"]["kind"] == "docx" and by_name["c.docx"]["chars"] == len(
        "Cid Poe\nJava"
    )
    assert "extract: 6/6 documents" in result.stderr and "2 failed" in result.stderr
    assert "6 documents recorded" in result.stderr
    again = _extract(str(folder), "--model", str(model_dir), "--out", str(out))
    assert again.exit_code == 1, again.output  # the recorded failures still stand
    assert "0 documents recorded" in again.stderr and "6 skipped" in again.stderr
    assert _lines(out) == records
    (folder / "broken.pdf").unlink()
    (folder / "blob.txt").unlink()
    fixed = _extract(str(folder), "--model", str(model_dir), "--out", str(out), "--retry-failed")
    assert fixed.exit_code == 0, fixed.output
    assert [Path(r["path"]).name for r in _lines(out)] == ["a.txt", "b.pdf", "c.docx", "d.pdf"]


def test_csv_output_with_two_workers(model_dir: Path, tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "in")
    (folder / "broken.pdf").unlink()
    (folder / "blob.txt").unlink()
    out = tmp_path / "results.csv"
    args = [str(folder / "sub"), f"{folder}/*.pdf", str(folder / "a.txt")]
    result = _extract(*args, "--model", str(model_dir), "--out", str(out), "--workers", "2")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [Path(row["path"]).name for row in rows] == ["a.txt", "b.pdf", "c.docx", "d.pdf"]
    assert [row["kind"] for row in rows] == ["text", "pdf", "docx", "pdf"]
    assert all(row["error"] == "" and len(row["sha256"]) == 64 for row in rows)
    assert any(row["skills"] or row["companies"] or row["name"] for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/nothing", "--out", "{tmp}/r.jsonl"], "nothing: no such file or folder"),
        (["{tmp}", "--out", "{tmp}/r.json"], "must end in .jsonl or .csv"),
    ],
)
def test_usage_errors_exit_2(
    model_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    argv = [a.format(tmp=tmp_path) for a in args]
    result = _extract(*argv, "--model", str(model_dir))
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_a_kill_9_mid_run_resumes_without_duplicates_or_losses(
    model_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(200):
        lines = [f"Person {number}", f"p{number}@mail.io", "Python SQL"]
        if number % 10 == 7:  # broken: recorded with its error, the run goes on
            (folder / f"cv{number:03d}.pdf").write_bytes(b"%%PDF-1.7\n%d 0 obj <<" % number)
        elif number % 5 == 1:
            (folder / f"cv{number:03d}.docx").write_bytes(docx_with_text(lines))
        elif number % 4 == 0:
            (folder / f"cv{number:03d}.pdf").write_bytes(pdf_with_text(lines))
        else:
            (folder / f"cv{number:03d}.txt").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    argv = [sys.executable, "-m", "resume_ner.cli", "extract", str(folder), "--model"]
    argv += [str(model_dir), "--out", str(out), "--batch-size", "1", "--backend", "pytorch"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 20:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    written = out.read_bytes().count(b"\n")
    assert 20 <= written < 200  # killed mid-run
    resumed = _extract(str(folder), "--model", str(model_dir), "--out", str(out))
    assert resumed.exit_code == 1, resumed.output  # the broken files failed
    records = _lines(out)  # every line parses
    failed = sorted(Path(r["path"]).name for r in records if r["error"] is not None)
    assert failed == [f"cv{n:03d}.pdf" for n in range(200) if n % 10 == 7]
    assert sorted(Path(r["path"]).name for r in records) == sorted(p.name for p in folder.iterdir())
    assert len(records) == 200 and len({r["sha256"] for r in records}) == 200
    assert f"{200 - written} documents recorded" in resumed.stderr
