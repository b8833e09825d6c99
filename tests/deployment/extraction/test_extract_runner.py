"""``run_extract`` with a fake predictor: records in order, failures recorded, resumable."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from document_files import docx_with_text, pdf_with_text
from resume_ner.deployment.extraction import (
    ExtractProgress,
    list_inputs,
    open_results,
    run_extract,
)
from resume_ner.deployment.inference import Entity, ModelInfo

_EMAIL = re.compile(r"\S+@\S+")


class FakePredictor:
    """NAME is the first line; EMAIL every address; a text holding ``BOOM`` fails."""

    info = ModelInfo("fake", "none", ("NAME", "EMAIL"), "fake", 16, 4, "0")

    def __init__(self) -> None:
        self.calls: list[int] = []

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        self.calls.append(len(texts))
        if any("BOOM" in text for text in texts):
            raise RuntimeError("the model broke")
        results = []
        for text in texts:
            first = text.strip().splitlines()[0]
            start = text.index(first)
            entities = [Entity("NAME", start, start + len(first), first, 0.9)]
            entities += [
                Entity("EMAIL", m.start(), m.end(), m.group(), 0.8) for m in _EMAIL.finditer(text)
            ]
            results.append(entities)
        return results


def _folder(root: Path) -> Path:
    files = {
        "a.txt": b"Ann Lee\nann@x.io",
        "b.pdf": pdf_with_text(["Bob Roe", "bob@y.io"]),
        "c.docx": docx_with_text(["Cid Poe", "cid@z.io"]),
        "d_broken.pdf": b"%PDF-1.4\ntruncated",
        "e_binary.txt": b"\x00\x01\x02\xff",
        "f_boom.txt": b"Fay BOOM\nfay@x.io",
        "g_copy.txt": b"Ann Lee\nann@x.io",
        "skipped.bin": b"\x00",
    }
    root.mkdir()
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_mixed_folder_gives_one_record_per_document(tmp_path: Path, workers: int) -> None:
    folder = _folder(tmp_path / "in")
    out = tmp_path / "results.jsonl"
    progress: list[ExtractProgress] = []
    predictor = FakePredictor()
    summary = run_extract(
        list_inputs([str(folder)]),
        predictor,
        open_results(out),
        workers=workers,
        batch_size=2,
        on_progress=progress.append,
    )
    records = _lines(out)
    names = [Path(r["path"]).name for r in records]
    assert names == ["a.txt", "b.pdf", "c.docx", "d_broken.pdf", "e_binary.txt", "f_boom.txt"]
    by_name = dict(zip(names, records, strict=True))
    assert by_name["a.txt"]["sha256"] == hashlib.sha256(b"Ann Lee\nann@x.io").hexdigest()
    assert by_name["b.pdf"]["kind"] == "pdf" and by_name["b.pdf"]["method"] == "text_layer"
    assert by_name["b.pdf"]["pages"] == 1 and by_name["b.pdf"]["fields"]["name"] == "Bob Roe"
    assert by_name["c.docx"]["fields"]["emails"] == ["cid@z.io"]
    assert by_name["c.docx"]["entities"][0] == {
        "label": "NAME",
        "start": 0,
        "end": 7,
        "text": "Cid Poe",
        "score": 0.9,
    }
    assert by_name["d_broken.pdf"]["error"]["code"] == "corrupt_document"
    assert by_name["e_binary.txt"]["error"]["code"] == "unsupported_media_type"
    assert by_name["f_boom.txt"]["error"] == {
        "code": "inference_failed",
        "message": "RuntimeError: the model broke",
    }
    assert by_name["f_boom.txt"]["sha256"] and by_name["f_boom.txt"]["fields"] is None
    for record in records:
        assert record["seconds"] >= 0 and set(record) >= {"chars", "ocr_confidence"}
    assert (summary.processed, summary.failed, summary.skipped) == (6, 3, 1)  # g_copy = a
    assert not summary.ok
    assert progress[-1].done == 6 and progress[-1].total == 6 and progress[-1].failed == 3


def test_a_rerun_skips_everything_and_retry_failed_redoes_failures(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in")
    out = tmp_path / "results.jsonl"
    paths = list_inputs([str(folder)])
    run_extract(paths, FakePredictor(), open_results(out))
    before = out.read_bytes()
    predictor = FakePredictor()
    again = run_extract(paths, predictor, open_results(out))
    assert out.read_bytes() == before and predictor.calls == []
    assert (again.processed, again.skipped, again.skipped_failed, again.ok) == (0, 7, 3, False)
    (folder / "f_boom.txt").write_bytes(b"Fay Fixed\nfay@x.io")  # new content: a new document
    (folder / "d_broken.pdf").unlink()
    retried = run_extract(list_inputs([str(folder)]), FakePredictor(), open_results(out, True))
    assert (retried.processed, retried.failed, retried.skipped) == (2, 1, 4)
    names = sorted(Path(r["path"]).name for r in _lines(out))
    assert names == ["a.txt", "b.pdf", "c.docx", "e_binary.txt", "f_boom.txt"]


def test_bad_workers_or_batch_size_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run_extract([], FakePredictor(), open_results(tmp_path / "r.jsonl"), batch_size=0)
