"""Named suites and the one report: preflight on good and broken configs, artifact, runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from resume_ner.testing.checks import Check, CheckStatus, failed, passed, warned
from resume_ner.testing.fixtures import build_tiny_dataset
from resume_ner.testing.suites import SuiteContext, run_checks, run_suite


def _write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def good_config(tmp_path: Path, tiny_backbone: Path) -> Path:
    build_tiny_dataset(tmp_path / "tiny.jsonl", n=30, max_chars=800)
    return _write(
        tmp_path / "good.yaml",
        {
            "data": {"sources": [{"path": str(tmp_path / "tiny.jsonl"), "format": "native"}]},
            "model": {"backbone": str(tiny_backbone)},
            "training": {"batch_size": 2},
            "hpo": {
                "n_trials": 8,
                "kfold": {"enabled": True, "k": 3},
                "search_space": {"training.batch_size": {"type": "categorical", "choices": [2, 3]}},
            },
            "paths": {"output_root": str(tmp_path / "out")},
        },
    )


def test_preflight_passes_on_a_good_config(good_config: Path, tmp_path: Path) -> None:
    report = run_suite("preflight", good_config)
    assert report.passed and report.exit_code == 0, report.lines()
    names = [r.name for r in report.results]
    assert names[:4] == [
        "config.sources",
        "config.backbone",
        "config.search_space",
        "config.output_root",
    ]
    assert "dataset.load" in names and "kfold.partition" in names
    assert report.summary().startswith("preflight PASSED: 0 failed")
    assert not (tmp_path / "out").exists()  # checks never write outputs


def test_preflight_lists_every_problem_of_a_broken_config(
    good_config: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(good_config.read_text())
    data["data"]["sources"].append({"path": "missing.jsonl"})
    data["model"]["backbone"] = str(tmp_path / "no-backbone")
    data["hpo"]["search_space"]["training.lerning_rate"] = {"type": "float", "low": 0.1, "high": 1}
    report = run_suite("preflight", _write(tmp_path / "broken.yaml", data), base_dir=tmp_path)
    assert not report.passed and report.exit_code == 1
    assert [(r.name, r.message.split(":")[0]) for r in report.failures] == [
        ("config.sources", "data.sources[1].path"),
        ("config.backbone", "model.backbone"),
        ("config.search_space", 'hpo.search_space."training.lerning_rate"'),
    ]
    skipped = {r.name: r.message for r in report.results if r.status is CheckStatus.SKIP}
    assert skipped["dataset"] == "not checked: a data source is missing (see config.sources)"


def test_preflight_lists_every_problem_of_a_broken_dataset(
    good_config: Path, tmp_path: Path
) -> None:
    records = [
        {"id": "a", "text": "Jane Doe jane@x.io", "annotations": [[0, 8, "NAME"], [0, 4, "NAME"]]},
        {"id": "b", "text": "  ", "annotations": []},
        {"id": "c", "text": "Bob bob@y.io", "annotations": [[0, 3, "NAME"], [4, 12, "Mail"]]},
    ]
    (tmp_path / "bad.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    data = yaml.safe_load(good_config.read_text())
    data["data"].update(
        sources=[{"path": str(tmp_path / "bad.jsonl")}],
        label_preset="none",
        labels=["NAME", "EMAIL"],
        overlap_policy="error",
        unknown_labels="error",
    )
    report = run_suite("preflight", _write(tmp_path / "bad.yaml", data))
    assert [r.name for r in report.failures] == [
        "dataset.unknown_labels",
        "dataset.overlaps",
        "edge.split",
        "config.kfold",
    ]
    warnings = {r.name for r in report.results if r.status is CheckStatus.WARN}
    assert {"dataset.empty_documents", "dataset.label_coverage", "edge.dataset_size"} <= warnings


def test_a_config_that_does_not_load_reports_each_problem(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.yaml", {"training": {"epochs": 0, "lerning_rate": 3}})
    report = run_suite("preflight", path)
    assert [(r.name, r.message) for r in report.failures] == [
        (
            "config.load",
            f"training.epochs: Input should be greater than or equal to 1 (source: {path})",
        ),
        (
            "config.load",
            "training.lerning_rate: Extra inputs are not permitted (did you mean "
            f"'learning_rate'?) (source: {path})",
        ),
    ]
    assert all(r.status is CheckStatus.SKIP for r in report.results[2:])


def test_artifact_suite_and_unknown_suite(tmp_path: Path) -> None:
    report = run_suite("artifact", tmp_path)
    assert not report.passed
    assert report.failures[0].message.startswith("no model file")
    with pytest.raises(ValueError, match="unknown suite 'nope'; known suites: preflight, artifact"):
        run_suite("nope", tmp_path)


def test_runner_turns_a_crash_into_a_failure_and_reports_render(tmp_path: Path) -> None:
    def crash(context: SuiteContext) -> list[object]:
        raise KeyError("missing")

    checks = [
        Check("first", lambda context: [passed("first.ok", "fine"), warned("first.w", "hmm")]),
        Check("broken", crash),
        Check("last", lambda context: iter([failed("last.bad", "bad [red]markup[/red]")])),
    ]
    report = run_checks("demo", checks, SuiteContext(tmp_path, tmp_path))
    assert [r.name for r in report.results] == ["first.ok", "first.w", "broken.error", "last.bad"]
    assert report.results[2].message == "check crashed: KeyError: 'missing'"
    assert report.counts() == {"pass": 1, "warn": 1, "fail": 2, "skip": 0}
    assert report.lines()[:2] == ["[PASS] first.ok: fine", "[WARN] first.w: hmm"]
    data = report.to_dict()
    assert data["passed"] is False and data["counts"]["fail"] == 2
    assert data["results"][3] == {
        "name": "last.bad",
        "status": "fail",
        "message": "bad [red]markup[/red]",
    }
    console = Console(width=120, record=True)
    console.print(report.table())
    assert "bad [red]markup[/red]" in console.export_text()  # messages are not rich markup
