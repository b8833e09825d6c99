"""No document text in MLflow, the Optuna study, the run report or the model folders: one tiny
``resume-ner run`` over resumes that all carry a marker, then every stored byte is searched."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_ner.cli.app import app
from tiny_pipeline import tiny_pipeline_config

MARKER = f"ZQXMARKER{uuid.uuid4().hex[:12].upper()}"
"""A word no model, tokenizer or config could contain unless it came from the documents."""


def _mark(source: Path) -> None:
    """Every document starts with ``MARKER`` as its NAME and carries it in an email address."""
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        prefix = f"{MARKER}\n{MARKER.lower()}@example.org\n"
        shift = len(prefix)
        doc["text"] = prefix + doc["text"]
        spans = [[s + shift, e + shift, label] for s, e, label in doc["annotations"]]
        doc["annotations"] = [
            [0, len(MARKER), "NAME"],
            [len(MARKER) + 1, shift - 1, "EMAIL"],
            *spans,
        ]
        lines.append(json.dumps(doc))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def marked_config(tmp_path: Path, tiny_backbone: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_pipeline_config(
        tmp_path,
        tiny_backbone,
        name="marked",
        documents=12,
        choices="[0.001]",
        backends="[onnx_int8]",
        edit=_mark,
    )


def _holding(root: Path, needles: tuple[bytes, ...], skip: Path) -> list[str]:
    """Files under ``root`` (outside ``skip``) whose bytes contain any of ``needles``."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file()
        and not path.resolve().is_relative_to(skip)
        and any(needle in path.read_bytes() for needle in needles)
    )


def test_tracked_runs_and_reports_hold_no_document_text(marked_config: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--config", str(marked_config), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    outputs = marked_config.parent / "outputs"
    data_folder = Path(next(r["folder"] for r in report["stages"] if r["stage"] == "data"))
    assert MARKER.encode() in b"".join(p.read_bytes() for p in data_folder.rglob("*.jsonl"))

    assert (outputs / "mlflow.db").is_file()
    assert any((outputs / "mlartifacts").rglob("*.json"))
    needles = (MARKER.encode(), MARKER.lower().encode())
    assert _holding(outputs, needles, data_folder.resolve()) == []
