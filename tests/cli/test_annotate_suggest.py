"""``resume-ner annotate suggest`` and ``annotate config``: import files our loaders read back,
the labelling config, the uncertainty order and exclusion of labelled documents."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.data.loaders import Span, read_doccano, read_label_studio
from resume_ner.deployment.annotation import label_studio_config, rank, text_hash
from resume_ner.deployment.inference import Entity, ModelInfo

runner = CliRunner()
LABELS = ("NAME", "EMAIL", "SKILLS")
_RULES = {"NAME": r"\A[A-Z][a-z]+ [A-Z][a-z]+", "EMAIL": r"\S+@\S+", "SKILLS": r"Python|SQL"}


class ScoredRules:
    """NAME, EMAIL and SKILLS by rules; a skill in lower case is found with score 0.2."""

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(
            "rules", "regex", LABELS, "python", 256, 64, "1", {"spec_fp": "c0ffee99aa"}
        )

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[Entity]:
        found = []
        for label, pattern in _RULES.items():
            for match in re.finditer(pattern, text, re.IGNORECASE if label == "SKILLS" else 0):
                score = 0.2 if match.group().islower() else 0.95
                found.append(Entity(label, match.start(), match.end(), match.group(), score))
        return sorted(found, key=lambda e: e.start)


SURE = "Jane Doe\njane@x.io\nPython and SQL"
UNSURE = "Bob Roe\nbob@y.io\npython"
NOTHING = "no fields here"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(
        "resume_ner.deployment.inference.load_predictor", lambda *a, **k: ScoredRules()
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in (("a.txt", SURE), ("b.txt", UNSURE), ("c.txt", NOTHING)):
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def _suggest(*args: str) -> Any:
    return runner.invoke(app, ["annotate", "suggest", "--model", "m", *args])


def _expected(text: str) -> tuple[Span, ...]:
    return tuple(sorted(Span(e.start, e.end, e.label) for e in ScoredRules()._one(text)))


def test_label_studio_tasks_carry_predictions_that_read_back_as_the_spans(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tasks.json"
    result = _suggest(str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [task["data"]["text"] for task in tasks] == [SURE, UNSURE, NOTHING]
    prediction = tasks[1]["predictions"][0]
    assert prediction["model_version"] == "rules-c0ffee99"
    assert prediction["score"] == pytest.approx(0.2)
    first = prediction["result"][0]
    assert (first["from_name"], first["to_name"], first["type"]) == ("label", "text", "labels")
    assert first["value"] == {"start": 0, "end": 7, "text": "Bob Roe", "labels": ["NAME"]}
    assert first["score"] == pytest.approx(0.95)
    # A person accepting every pre-annotation: the export reads back as the predicted spans.
    for task in tasks:
        task["annotations"] = [{"result": task["predictions"][0]["result"]}]
    out.write_text(json.dumps(tasks), encoding="utf-8")
    documents = read_label_studio(out)
    assert [doc.spans for doc in documents] == [_expected(t) for t in (SURE, UNSURE, NOTHING)]


def test_doccano_file_validates_against_our_doccano_loader(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "import.jsonl"
    result = _suggest(str(folder), "--format", "doccano", "--out", str(out))
    assert result.exit_code == 0, result.output
    documents = read_doccano(out)
    assert [doc.text for doc in documents] == [SURE, UNSURE, NOTHING]
    assert [doc.spans for doc in documents] == [_expected(t) for t in (SURE, UNSURE, NOTHING)]
    assert documents[0].spans  # the rules found something to check


def test_uncertainty_puts_a_low_score_entity_above_only_confident_ones(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ranked.json"
    result = _suggest(str(folder), "--rank", "uncertainty", "--top", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    texts = [task["data"]["text"] for task in json.loads(out.read_text(encoding="utf-8"))]
    assert texts == [NOTHING, UNSURE]


def test_rank_orders_and_random_is_seeded() -> None:
    sure = [Entity("NAME", 0, 4, "Jane", 0.99), Entity("SKILLS", 5, 8, "SQL", 0.9)]
    unsure = [Entity("NAME", 0, 4, "Jane", 0.99), Entity("SKILLS", 5, 8, "SQL", 0.4)]
    wobbly = [Entity("NAME", 0, 4, "Jane", 0.4), Entity("SKILLS", 5, 8, "SQL", 0.45)]
    assert rank([sure, unsure, [], wobbly], "uncertainty") == [2, 3, 1, 0]
    assert rank([sure] * 8, "random", seed=3) == rank([sure] * 8, "random", seed=3)
    assert rank([sure] * 8, "random", seed=3) != rank([sure] * 8, "random", seed=4)
    assert sorted(rank([sure] * 8, "random", seed=3)) == list(range(8))
    with pytest.raises(ValueError, match="unknown ranking"):
        rank([sure], "entropy")


def test_exclude_skips_documents_labelled_in_an_export(folder: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    reflowed = "  Jane Doe  jane@x.io\n\nPython and SQL "  # same text once whitespace is collapsed
    export.write_text(
        json.dumps(
            [
                {"data": {"text": reflowed}, "annotations": [{"result": []}]},
                {"data": {"text": UNSURE}, "annotations": []},  # imported, not labelled yet
            ]
        ),
        encoding="utf-8",
    )
    assert text_hash(reflowed) == text_hash(SURE) != text_hash(UNSURE)
    out = tmp_path / "rest.jsonl"
    result = _suggest(
        str(folder), "--exclude", str(export), "--format", "doccano", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert [doc.text for doc in read_doccano(out)] == [UNSURE, NOTHING]
    assert "1 already labelled" in result.output


def test_unreadable_file_is_named_and_exits_1(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    out = tmp_path / "tasks.json"
    result = _suggest(str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert "broken.pdf" in result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3


def test_bad_usage_exits_2(folder: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "x.json")
    assert _suggest(str(folder), "--format", "brat", "--out", out).exit_code == 2
    assert _suggest(str(folder), "--rank", "entropy", "--out", out).exit_code == 2
    assert _suggest(str(tmp_path / "missing"), "--out", out).exit_code == 2
    assert runner.invoke(app, ["annotate", "config"]).exit_code == 2


def _config_labels(xml: str) -> list[str]:
    root = ET.fromstring(xml)
    labels = root.find("Labels")
    text = root.find("Text")
    assert labels is not None and text is not None
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    return [item.get("value", "") for item in labels.findall("Label")]


def test_config_lists_the_labels_and_escapes_them(tmp_path: Path) -> None:
    result = runner.invoke(app, ["annotate", "config", "--labels", "NAME, EMAIL,R&D"])
    assert result.exit_code == 0, result.output
    assert _config_labels(result.stdout) == ["NAME", "EMAIL", "R&D"]
    assert _config_labels(label_studio_config(['A"B', "A"])) == ['A"B', "A"]
    with pytest.raises(ValueError):
        label_studio_config([])


def test_a_tiny_model_pre_annotates_files_and_names_its_labels(
    model_dir: Path, tmp_path: Path
) -> None:
    from resume_ner.data.datasets import LabelSchema

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Jane Doe\njane@x.io\nPython at ACME", encoding="utf-8")
    (docs / "b.md").write_text("Bob Roe, SQL and Docker, Berlin", encoding="utf-8")
    out = tmp_path / "tasks.json"
    args = ["annotate", "suggest", str(docs), "--model", str(model_dir), "--out", str(out)]
    result = runner.invoke(app, [*args, "--rank", "uncertainty", "--backend", "pytorch"])
    assert result.exit_code == 0, result.output
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 2
    results = [r for task in tasks for r in task["predictions"][0]["result"]]
    assert results, "the sharp random model predicts entities"
    for task in tasks:
        prediction = task["predictions"][0]
        scores = [r["score"] for r in prediction["result"]]
        assert prediction["score"] == pytest.approx(min(scores, default=0.0), abs=1e-6)
        for item in prediction["result"]:
            value = item["value"]
            assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
    config = runner.invoke(app, ["annotate", "config", "--model", str(model_dir)])
    assert config.exit_code == 0, config.output
    assert _config_labels(config.stdout) == list(LabelSchema.canonical().labels)
    assert {r["value"]["labels"][0] for r in results} <= set(LabelSchema.canonical().labels)
