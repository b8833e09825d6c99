"""Tests of ``resume-ner predict`` and ``resume-ner evaluate`` on a tiny random-weight model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from resume_ner.cli.predict_cmd import evaluate, predict
from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.native import write_native
from resume_ner.deployment.inference import TorchPredictor
from resume_ner.infrastructure.config.sections.model import ModelConfig

app = typer.Typer()
app.command("predict")(predict)
app.command("evaluate")(evaluate)
runner = CliRunner()

RESUME = "Jane Doe\nPython engineer at ACME since 2019\njane@x.io\nskills: sql, data"


@pytest.fixture(scope="module")
def model_dir(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch

    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(0)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    with torch.no_grad():
        model.classifier.weight.mul_(50.0)  # a sharp random model predicts many entities
    return save_model(model, tokenizer, schema, tmp_path_factory.mktemp("cli") / "model")


@pytest.fixture(scope="module")
def expected(model_dir: Path) -> list[dict[str, Any]]:
    (entities,) = TorchPredictor(model_dir, device="cpu").predict([RESUME])
    return [entity.to_dict() for entity in entities]


def _spans(entities: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(e["label"], e["start"], e["end"], e["text"]) for e in entities]


def _records(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_predict_a_text_file_prints_entities_and_fields(
    model_dir: Path, expected: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = tmp_path / "cv.txt"
    path.write_text(RESUME, encoding="utf-8")
    result = runner.invoke(app, ["predict", str(model_dir), str(path), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    (record,) = _records(result.stdout)
    assert record["id"] == "cv.txt" and record["text_length"] == len(RESUME)
    assert record["entities"] == expected and expected
    for entity in record["entities"]:
        assert entity["text"] == RESUME[entity["start"] : entity["end"]]
    assert set(record["fields"]) >= {"name", "emails", "skills", "companies"}


def test_predict_reads_stdin(model_dir: Path, expected: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["predict", str(model_dir), "-", "--no-grouped"], input=RESUME)
    assert result.exit_code == 0, result.output
    (record,) = _records(result.stdout)
    assert record == {"id": "stdin", "text_length": len(RESUME), "entities": expected}


def test_predict_a_jsonl_file_prints_one_object_per_document(
    model_dir: Path, expected: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [{"id": "a", "text": RESUME}, {"text": ""}, {"id": 9, "text": "sql " * 2000}]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["predict", str(model_dir), str(path), "--threads", "1"])
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert [r["id"] for r in records] == ["a", "line-2", "9"]
    # Batched with longer documents, padding moves scores in the last float digits only.
    assert _spans(records[0]["entities"]) == _spans(expected)
    scores = [e["score"] for e in records[0]["entities"]]
    assert scores == pytest.approx([e["score"] for e in expected], abs=1e-5)
    assert records[1]["entities"] == [] and records[1]["fields"]["name"] is None
    assert records[2]["text_length"] == 8000
    assert max(e["end"] for e in records[2]["entities"]) > 7000  # no truncation


def test_predict_refuses_stdin_that_is_not_utf8(model_dir: Path) -> None:
    result = runner.invoke(app, ["predict", str(model_dir), "-"], input=b"Jane \xff")
    assert result.exit_code == 1
    assert "error: stdin: not valid UTF-8 (byte 5)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{model}", "{tmp}/missing.txt"], "missing.txt: no such file"),
        (["{tmp}/nowhere", "-"], "model artifact not found"),
        (["{model}", "-", "--backend", "gpu"], "unknown inference backend 'gpu'; use one of auto"),
        (["{model}", "{tmp}/bad.jsonl"], "bad.jsonl:1: record has no string 'text' field"),
    ],
)
def test_predict_bad_input_fails_cleanly(
    model_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "bad.jsonl").write_text('{"body": "x"}\n', encoding="utf-8")
    argv = [a.format(model=model_dir, tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["predict", *argv], input="text")
    assert result.exit_code == 1
    assert "error: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "resumes.jsonl"
    write_native(generate_resumes(4, seed=3), path)
    return path


def test_evaluate_prints_the_metric_table(model_dir: Path, dataset: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(model_dir), str(dataset), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "strict span scores" in out
    for column in ("label", "precision", "recall", "f1", "gold", "predicted", "micro"):
        assert column in out
    for label in LabelSchema.canonical().labels:
        assert label in out
    assert "seqeval entity P" in out and "documents: 4," in out


def test_evaluate_json_counts_every_gold_span(model_dir: Path, dataset: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(model_dir), str(dataset), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    gold = sum(len(document.spans) for document in generate_resumes(4, seed=3))
    assert scores["documents"] == 4 and scores["backend"] == "pytorch"
    assert scores["micro"]["gold"] == gold
    assert sum(row["gold"] for row in scores["per_label"].values()) == gold
    assert set(scores["per_label"]) == set(LabelSchema.canonical().labels)
    assert 0.0 <= scores["micro"]["f1"] <= 1.0 and "seqeval_f1" in scores


def test_evaluate_scores_the_models_own_predictions_perfectly(
    model_dir: Path, tmp_path: Path
) -> None:
    texts = [RESUME, "sql data 2019 jane@x.io acme " * 40]
    predictions = TorchPredictor(model_dir, device="cpu").predict(texts)
    documents = [
        Document(f"d{i}", text, tuple(Span(e.start, e.end, e.label) for e in entities))
        for i, (text, entities) in enumerate(zip(texts, predictions, strict=True))
    ]
    path = tmp_path / "own.json"
    write_native(documents, path)
    result = runner.invoke(app, ["evaluate", str(model_dir), str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["micro"]["f1"] == 1.0 and scores["seqeval_f1"] == 1.0
    assert scores["micro"]["gold"] == sum(len(doc.spans) for doc in documents)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{model}", "{tmp}/missing.jsonl"], "missing.jsonl"),
        (["{model}", "{data}", "--preset", "odd"], "--preset 'odd' is not one of canonical"),
        (["{model}", "{data}", "--format", "csv"], "--format 'csv' is not one of auto, native"),
        (["{tmp}", "{data}"], "is not a model artifact: it has no config.json"),
        (["{model}", "{tmp}/empty.jsonl"], "empty.jsonl: no annotated document to evaluate"),
        (["{model}", "{tmp}/hobby.jsonl", "--unknown-labels", "error"], "HOBBY"),
    ],
)
def test_evaluate_bad_input_fails_cleanly(
    model_dir: Path, dataset: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "empty.jsonl").write_text('{"text": " ", "annotations": []}\n')
    (tmp_path / "hobby.jsonl").write_text('{"text": "chess", "annotations": [[0, 5, "HOBBY"]]}\n')
    argv = [a.format(model=model_dir, tmp=tmp_path, data=dataset) for a in args]
    result = runner.invoke(app, ["evaluate", *argv])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_predict_reads_pdf_and_docx_files_by_their_bytes(
    model_dir: Path, tmp_path: Path, kind: str
) -> None:
    from document_files import docx_with_text, pdf_with_text

    lines = RESUME.splitlines()
    path = tmp_path / "resume.upload"  # no telling suffix: the kind comes from the bytes
    path.write_bytes(pdf_with_text(lines) if kind == "pdf" else docx_with_text(lines))
    result = runner.invoke(app, ["predict", str(model_dir), str(path), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    (record,) = _records(result.stdout)
    assert record["id"] == "resume.upload" and record["kind"] == kind
    assert record["method"] == ("text_layer" if kind == "pdf" else "docx")
    assert record["pages"] == (1 if kind == "pdf" else None) and record["ocr_confidence"] is None
    (entities,) = TorchPredictor(model_dir, device="cpu").predict([_read_text(path)])
    assert _spans(record["entities"]) == _spans([e.to_dict() for e in entities]) != []


def _read_text(path: Path) -> str:
    from resume_ner.data.documents import read_file

    return read_file(path).text


def test_predict_names_a_broken_pdf(model_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    result = runner.invoke(app, ["predict", str(model_dir), str(path)])
    assert result.exit_code == 1
    assert f"error: {path}: the PDF cannot be read" in result.stderr
