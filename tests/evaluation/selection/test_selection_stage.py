"""selection.json round trip and the select stage over real Optuna studies."""

from __future__ import annotations

import json
from pathlib import Path

import optuna
import pytest

from resume_ner.evaluation.selection import (
    Candidate,
    SelectionError,
    load_selection,
    run_selection,
    select_candidate,
    write_selection,
)
from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.naming import TagKeys
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import NullTracker, make_tracker
from resume_ner.training.execution.selection_input import apply_selection, read_selection
from tracking_reads import find_runs, run_summary


def test_selection_round_trips_with_full_precision(tmp_path: Path) -> None:
    lr = 0.00011844319751820385
    cands = [
        Candidate("s", 0, 0.8, {"training.learning_rate": lr}, "bb", 12.0, 100, "ab" * 32),
        Candidate("s", 1, 0.7, {"training.learning_rate": 1e-3}, "bb", 1.0, 100),
    ]
    result = select_candidate(cands, tolerance=0.01)
    path = write_selection(result, tmp_path / "sel", {"studies": ["s"]})
    assert path == tmp_path / "sel" / "selection.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["studies"] == ["s"] and data["params"]["training.learning_rate"] == lr
    assert load_selection(path) == result
    assert load_selection(path.parent) == result
    assert not list(path.parent.glob(".*tmp"))


def test_bad_selection_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(SelectionError, match="no such selection file"):
        load_selection(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(SelectionError, match=r"bad\.json:1: invalid JSON"):
        load_selection(bad)
    other = tmp_path / "other.json"
    other.write_text('{"format": "resume-ner-selection/1", "chosen": {}}', encoding="utf-8")
    with pytest.raises(SelectionError, match=r"other\.json: field 'chosen' is malformed"):
        load_selection(other)


def _study(url: str, name: str, rows: list[tuple[float, float, int]]) -> None:
    """A study whose trials have (dropout, value, param_count); a negative value = failed."""
    study = optuna.create_study(study_name=name, storage=url, direction="maximize")
    space = {"model.dropout": optuna.distributions.FloatDistribution(0.0, 0.3)}
    for number, (dropout, value, count) in enumerate(rows):
        failed = value < 0
        attrs = {"param_count": count, "backbone": name, "spec_fp": f"{number + 1:064x}"}
        study.add_trial(
            optuna.trial.create_trial(
                params={"model.dropout": dropout},
                distributions=space,
                value=None if failed else value,
                state=optuna.trial.TrialState.FAIL if failed else optuna.trial.TrialState.COMPLETE,
                user_attrs=attrs,
            )
        )


@pytest.fixture
def config(tmp_path: Path) -> ResumeNerConfig:
    return load_config((), [f"paths.output_root={tmp_path}", "tracking.enabled=false"], env={})


def test_select_stage_across_two_studies(tmp_path: Path, config: ResumeNerConfig) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    layout = OutputLayout.from_config(config.paths)
    url = layout.optuna_storage_url()
    layout.root.mkdir(parents=True, exist_ok=True)
    _study(url, "big", [(0.1, 0.81, 22_000_000), (0.2, 0.5, 22_000_000), (0.1, -1, 0)])
    _study(url, "small", [(0.1, 0.805, 4_000_000)])
    output = run_selection(config, layout, NullTracker(), studies=["big", "small"])
    result = output.result
    assert (result.chosen.study, result.chosen.trial) == ("small", 0)
    assert len(result.score_table) == 3
    assert output.path.parent == layout.selection_dir(result.chosen.spec_fp or "")
    assert load_selection(output.path) == result
    with_latency = run_selection(
        config,
        layout,
        NullTracker(),
        studies=["big", "small"],
        latencies={"big": 5.0, "small": 9.0},
    )
    assert with_latency.result.chosen.study == "big"
    assert with_latency.result.speed_source == "benchmark"
    tuned = apply_selection(config, read_selection(output.path))
    assert tuned.model.dropout == result.params["model.dropout"]


def test_unknown_study_is_named(tmp_path: Path, config: ResumeNerConfig) -> None:
    layout = OutputLayout.from_config(config.paths)
    layout.root.mkdir(parents=True, exist_ok=True)
    _study(layout.optuna_storage_url(), "real", [(0.1, 0.8, 1)])
    with pytest.raises(SelectionError) as info:
        run_selection(config, layout, NullTracker(), studies=["nope"])
    assert str(info.value) == (
        f"study 'nope' not found in {layout.optuna_storage_url()}; studies there: real"
    )


def test_selection_is_logged_to_the_tracker(
    tmp_path: Path, config: ResumeNerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    layout = OutputLayout.from_config(config.paths)
    layout.root.mkdir(parents=True, exist_ok=True)
    _study(layout.optuna_storage_url(), "real", [(0.1, 0.8, 1), (0.2, 0.7, 1)])
    tracker = make_tracker(TrackingConfig(), layout.root, env={})
    output = run_selection(config, layout, tracker, studies=["real"])
    keys = TagKeys.from_config(config.naming)
    runs = find_runs(tracker, "resume-ner-select", {keys.stage: "select"})
    assert len(runs) == 1
    summary = run_summary(tracker, runs[0])
    assert summary.metrics["span_f1"] == pytest.approx(0.8)
    assert summary.tags[keys.fingerprint("spec_fp")] == output.result.chosen.spec_fp
    assert summary.params["tolerance_mode"] == "absolute"
