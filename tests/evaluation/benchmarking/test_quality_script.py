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
