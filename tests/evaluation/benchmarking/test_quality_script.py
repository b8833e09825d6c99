"""benchmarks/quality_dataturks.py end to end on a tiny backbone: split, training, refit, scores."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

from resume_ner.infrastructure.config.sections.training import TrainingConfig

REPO = Path(__file__).resolve().parents[3]
DATATURKS_NAMES = {
    "NAME": "Name",
    "DESIGNATION": "Designation",
    "COMPANY": "Companies worked at",
    "SKILLS": "Skills",
    "COLLEGE": "College Name",
    "DEGREE": "Degree",
    "GRADUATION_YEAR": "Graduation Year",
    "EMAIL": "Email Address",
    "LOCATION": "Location",
    "YEARS_OF_EXPERIENCE": "Years of Experience",
}


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script as an importable module: its spawned children import it by name."""
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    return importlib.import_module("quality_dataturks")


def write_dataturks(path: Path, count: int) -> Path:
    """Synthetic resumes as a DataTurks export (inclusive ``end`` points)."""
    from resume_ner.data.datasets.synthetic.generator import generate_resumes

    with path.open("w", encoding="utf-8") as handle:
        for doc in generate_resumes(count, seed=5):
            annotation = [
                {
                    "label": [DATATURKS_NAMES[span.label]],
                    "points": [
                        {
                            "start": span.start,
                            "end": span.end - 1,
                            "text": doc.text[span.start : span.end],
                        }
                    ],
                }
                for span in doc.spans
                if span.label in DATATURKS_NAMES
            ]
            handle.write(json.dumps({"content": doc.text, "annotation": annotation}) + "\n")
    return path


def test_refit_gets_the_best_epoch_count_and_the_rest_of_the_budget(script: ModuleType) -> None:
    training = TrainingConfig(epochs=9, early_stopping_patience=2, max_minutes=30)
    refit = script.refit_config(training, 4, spent_seconds=20 * 60)
    assert (refit.epochs, refit.early_stopping_patience) == (4, None)
    assert refit.max_minutes == pytest.approx(10)
    assert script.refit_config(TrainingConfig(max_minutes=None), 3, 99.0).max_minutes is None


def test_tiny_run_trains_refits_and_scores_the_held_out_documents(
    script: ModuleType, tiny_backbone: Path, tmp_path: Path
) -> None:
    data = write_dataturks(tmp_path / "traindata.jsonl", 30)
    keep, report_file = tmp_path / "keep", tmp_path / "report.json"
    overrides = [f"model.backbone={tiny_backbone}", "training.refit=true", "training.batch_size=4"]
    overrides += ["data.max_length=64", "data.stride=16"]
    args = ["--data", str(data), "--systems", "resume-ner", "--config", "none"]
    args += ["--epochs", "2", "--minutes", "0"]
    args += [item for value in overrides for item in ("--set", value)]
    report = script.main([*args, "--keep", str(keep), "--json", str(report_file)])

    assert json.loads(report_file.read_text())["overrides"] == report["overrides"]
    (round_,) = report["rounds"]
    sizes = {name: len(ids) for name, ids in round_["documents"].items()}
    assert sizes == {"train": 9, "validation": 1, "held_out": 20}
    result = round_["results"]["resume-ner"]
    assert result["epochs_run"] == 2
    assert result["refit_epochs"] == result["best_epoch"] >= 1
    assert (keep / "round-0" / "refit" / "last").is_dir()
    rows = [json.loads(line) for line in (keep / "round-0" / "held_out.jsonl").open()]
    assert [row["id"] for row in rows] == round_["documents"]["held_out"]
    # The reported scores are those of the written predictions against the written gold.
    from resume_ner.data.loaders.document import Span
    from resume_ner.training.core import span_metrics

    metrics = span_metrics(
        [[Span(*g) for g in row["gold"]] for row in rows],
        [[Span(*p) for p in row["predicted"]] for row in rows],
    )
    assert result["f1"] == pytest.approx(metrics.micro.f1)
    assert 0.0 <= result["f1"] <= 1.0 and result["peak_rss_mib"] > 0


def _result(f1: float, label_f1: float) -> dict[str, object]:
    per_label = {"NAME": {"f1": label_f1, "precision": 1.0, "recall": 1.0, "support": 2}}
    return {
        "precision": f1,
        "recall": f1,
        "f1": f1,
        "overlap_f1": f1 + 0.1,
        "per_label": per_label,
        "train_seconds": 60.0,
        "docs_per_second": 10.0,
        "peak_rss_mib": 100.0,
    }


def test_summary_has_mean_std_paired_differences_and_ablation_rows(script: ModuleType) -> None:
    rounds = []
    for ours, spacy in ((0.6, 0.5), (0.5, 0.55), (0.7, 0.5)):
        mine = {**_result(ours, 1.0), "without_propagation": _result(ours - 0.1, 0.5)}
        theirs = {**_result(spacy, 0.0), "with_propagation": _result(spacy + 0.05, 0.5)}
        rounds.append({"documents": {}, "results": {"resume-ner": mine, "spacy": theirs}})
    summary = script.summarize(rounds)
    systems = summary["systems"]
    assert list(systems) == [
        "resume-ner",
        "spacy",
        "resume-ner, no propagation",
        "spacy + propagation",
    ]
    ours = systems["resume-ner"]
    assert ours["f1"]["mean"] == pytest.approx(0.6)
    assert ours["f1"]["std"] == pytest.approx(0.1)
    assert ours["overlap_f1"]["mean"] == pytest.approx(0.7)
    assert ours["minus_spacy"]["per_fold"] == pytest.approx([0.1, -0.05, 0.2])
    assert ours["minus_spacy"]["folds_ahead"] == 2
    assert ours["per_label_f1"] == {"NAME": 1.0}
    assert systems["spacy + propagation"]["f1"]["mean"] == pytest.approx(0.5166667 + 0.05)
    assert "minus_spacy" not in systems["spacy"]
    script.print_summary(summary)


def test_reports_of_the_same_folds_merge_and_others_are_refused(
    script: ModuleType, tmp_path: Path
) -> None:
    folds = [{"train": ["a"], "held_out": ["c"]}, {"train": ["c"], "held_out": ["a"]}]
    one = {"rounds": [{"documents": f, "results": {"resume-ner": _result(0.6, 1)}} for f in folds]}
    two = {"rounds": [{"documents": folds[0], "results": {"spacy": _result(0.5, 1)}}]}  # stopped
    other = {"rounds": [{"documents": {"train": ["z"], "held_out": ["a", "c"]}, "results": {}}]}
    apart = {
        "rounds": [{"documents": folds[1], "results": {"spacy": _result(0.7, 1)}}]
    }  # --rounds 1
    paths = []
    for name, report in (("one", one), ("two", two), ("other", other), ("apart", apart)):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(report), encoding="utf-8")
    merged = script.merge_reports(paths[1::-1])
    assert set(merged["rounds"][0]["results"]) == {"resume-ner", "spacy"}
    assert set(merged["rounds"][1]["results"]) == {"resume-ner"}
    summary = script.summarize(merged["rounds"])
    assert summary["systems"]["spacy"]["folds"] == 1
    assert summary["systems"]["resume-ner"]["minus_spacy"]["per_fold"] == pytest.approx([0.1])
    with pytest.raises(SystemExit, match=r"other\.json was run on other folds"):
        script.merge_reports([paths[0], paths[2]])
    both = script.merge_reports([paths[1], paths[3]])  # round 0 and round 1 run apart
    assert [r["documents"] for r in both["rounds"]] == folds
    assert script.summarize(both["rounds"])["systems"]["spacy"]["folds"] == 2


def test_overlap_f1_counts_partial_matches_of_the_same_label(script: ModuleType) -> None:
    from resume_ner.data.loaders.document import Document, Span

    gold = [Document("d", "Jane Doe at Acme", (Span(0, 8, "NAME"), Span(12, 16, "COMPANY")))]
    predicted = [[Span(0, 4, "NAME"), Span(12, 16, "NAME")]]
    assert script.overlap_f1(gold, predicted) == pytest.approx(0.5)  # P 1/2, R 1/2
    assert script.score(gold, predicted)["f1"] == 0.0


def test_the_hf_recipe_labels_every_sub_token_of_overlapping_windows(
    monkeypatch: pytest.MonkeyPatch, tiny_backbone: Path
) -> None:
    from transformers import AutoTokenizer

    from resume_ner.data.loaders.document import Document, Span

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    recipe = importlib.import_module("hf_recipe")
    monkeypatch.setattr(recipe, "WINDOW", 16)
    monkeypatch.setattr(recipe, "STRIDE", 4)
    tokenizer = AutoTokenizer.from_pretrained(tiny_backbone)
    text = "Jane Doe " + "python engineer at data " * 6
    tags = ["O", "B-NAME", "I-NAME"]
    rows = recipe._features(tokenizer, [Document("d", text, (Span(0, 8, "NAME"),))], tags)
    assert len(rows) > 2 and all(len(r["input_ids"]) <= 16 for r in rows)
    first = rows[0]["labels"]
    assert first[0] == -100 and first[-1] == -100  # [CLS] and [SEP]
    assert first[1] == 1 and 2 in first[2:] and all(lab in {-100, 0} for lab in rows[-1]["labels"])
    entities = [{"start": 0, "end": 9, "entity_group": "NAME"}, {"start": 9, "end": 9}]
    assert recipe._spans(text, [entities[0]]) == [Span(0, 8, "NAME")]
