"""The run report from stage files written by the stages' own writers, and ``resume-ner run``'s
printed report, JSON and quiet modes (the pipeline itself is replaced: no training here)."""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from resume_ner.common.constants import Stage, files
from resume_ner.common.shared import atomic_write_text, canonical, write_json
from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.pipeline import PipelineReport, StageOutcome

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SPEC, EXEC, CONV, BENCH = "a1" * 32, "b2" * 32, "c3" * 32, "d4" * 32
HISTORY = [
    {"epoch": 1, "train_loss": 2.5, "span_f1": 0.2, "learning_rate": 1e-3},
    {"epoch": 2, "train_loss": 1.25, "span_f1": 0.45, "learning_rate": 5e-4},
]


@dataclass
class Stages:
    """A config, its layout, the files of every stage and the report the pipeline returned."""

    yaml_file: Path
    config: ResumeNerConfig
    layout: OutputLayout
    report: PipelineReport
    model_dir: Path
    conversion: Path
    benchmark: Path


def _data(config: ResumeNerConfig, layout: OutputLayout, base: Path) -> StageOutcome:
    from resume_ner.data.stage import run_data_stage

    result = run_data_stage(config.data, layout, base)
    facts = {"documents": result.manifest.documents, "data_fp": result.fingerprint.short}
    return StageOutcome(Stage.DATA, "written", 0.4, result.folder, facts)


def _hpo(layout: OutputLayout) -> StageOutcome:
    import optuna

    layout.root.mkdir(parents=True, exist_ok=True)
    study = optuna.create_study(
        study_name="tiny", storage=layout.optuna_storage_url(), direction="maximize"
    )
    space = {"training.learning_rate": optuna.distributions.CategoricalDistribution([1e-3, 2e-3])}
    study.add_trial(
        optuna.trial.create_trial(
            params={"training.learning_rate": 1e-3}, distributions=space, value=0.41
        )
    )
    study.add_trial(
        optuna.trial.create_trial(
            params={"training.learning_rate": 2e-3}, distributions=space, value=0.52
        )
    )
    study.add_trial(
        optuna.trial.create_trial(
            params={"training.learning_rate": 2e-3},
            distributions=space,
            state=optuna.trial.TrialState.PRUNED,
            intermediate_values={1: 0.1},
        )
    )
    facts = {"study": "tiny", "trials": 3, "best_span_f1": 0.52}
    return StageOutcome(Stage.HPO, "trained", 3.2, None, facts)


def _select(layout: OutputLayout) -> StageOutcome:
    from resume_ner.evaluation.selection.io import write_selection
    from resume_ner.evaluation.selection.rule import Candidate, SelectionResult

    params = {"training.learning_rate": 2e-3}
    result = SelectionResult(
        chosen=Candidate(study="tiny", trial=1, score=0.52, params=params),
        params=params,
        score_table=[{"trial": 1, "score": 0.52}, {"trial": 0, "score": 0.41}],
        reason="trial 1 of study tiny has the best span_f1 (0.5200)",
    )
    path = write_selection(result, layout.selection_dir(SPEC), {"spec_fp": SPEC})
    return StageOutcome(Stage.SELECT, "written", 0.1, path.parent, {"chosen": "trial 1"})


def _test_evaluation() -> Any:
    """Test scores as final training records them: EMAIL 4/4 right, NAME 6 of 7 found with
    2 wrong guesses (precision 0.75, recall 6/7, F1 0.8)."""
    from resume_ner.training.core.evaluate import Evaluation
    from resume_ner.training.core.metrics import span_metrics

    emails = [(i, i + 1, "EMAIL") for i in range(0, 8, 2)]
    names = [(i, i + 1, "NAME") for i in range(10, 24, 2)]
    wrong = [(100, 101, "NAME"), (102, 103, "NAME")]
    spans = span_metrics([emails + names], [emails + names[:6] + wrong])
    return Evaluation({**spans.as_dict(), "token_accuracy": 0.9}, spans, [])


def _train(layout: OutputLayout) -> StageOutcome:
    from resume_ner.infrastructure.metadata import RunMetadata, write_metadata
    from resume_ner.training.execution.checks import per_label_scores

    run_dir = layout.training_dir("tiny-bert", SPEC, EXEC, 1)
    model_dir = run_dir / "best"
    model_dir.mkdir(parents=True)
    evaluation = _test_evaluation()
    metrics = {
        "best_epoch": 2,
        "epochs_run": 2,
        "validation": {"span_f1": 0.45},
        "test": dict(evaluation.metrics),
        "test_per_label": per_label_scores(evaluation),
    }
    atomic_write_text(run_dir / "metrics.json", json.dumps({**metrics, "history": HISTORY}))
    meta = RunMetadata(stage=Stage.TRAIN, metrics=metrics, extra={"variant": 1, "refit": False})
    meta.add_artifact("model", model_dir, layout.root)
    write_metadata(run_dir, meta)
    return StageOutcome(Stage.TRAIN, "trained", 12.0, model_dir, {"variant": 1})


def _convert(layout: OutputLayout, model_dir: Path) -> StageOutcome:
    from resume_ner.deployment.conversion.parity import LogitStats, ParityReport, VariantParity
    from resume_ner.infrastructure.metadata import RunMetadata, write_metadata

    folder = layout.conversion_dir("tiny-bert", CONV)
    folder.mkdir(parents=True)
    (folder / files.ONNX_MODEL_FILE).write_bytes(b"onnx")
    (folder / files.ONNX_INT8_MODEL_FILE).write_bytes(b"int8")
    fp32 = VariantParity(
        "fp32",
        files.ONNX_MODEL_FILE,
        "strict",
        4,
        LogitStats(2.5e-6, 1e-6, 1.0, 90),
        0.6,
        0.0,
        1.0,
        [],
        [],
    )
    int8 = VariantParity(
        "int8",
        files.ONNX_INT8_MODEL_FILE,
        "tolerant",
        4,
        LogitStats(0.031, 0.01, 0.99, 90),
        0.58,
        0.02,
        0.95,
        [],
        [],
    )
    thresholds = {"parity_atol": 1e-4, "parity_max_f1_delta": 0.05}
    parity = ParityReport(3, 5, "test split", thresholds, 0.6, [fp32, int8])
    write_json(folder / files.PARITY_FILE, parity.to_dict())
    write_metadata(
        folder, RunMetadata(stage=Stage.CONVERT, extra={"source": {"model_folder": str(model_dir)}})
    )
    return StageOutcome(Stage.CONVERT, "written", 5.0, folder, {"parity": "passed"})


def _bench(layout: OutputLayout, conversion: Path) -> StageOutcome:
    from resume_ner.evaluation.benchmarking.report import build_report, write_outputs
    from resume_ner.evaluation.benchmarking.results import (
        BackendRun,
        BenchmarkResults,
        CellResult,
        DocumentThroughput,
    )
    from resume_ner.evaluation.benchmarking.stats import summarize

    results = BenchmarkResults(
        backends=[
            BackendRun("onnx", "measured", device="cpu", precision="fp32"),
            BackendRun("pytorch_bf16", "skipped", reason="bf16 needs a GPU"),
        ],
        cells=[
            CellResult("onnx", 1, 32, summarize([0.010, 0.012, 0.011])),
            CellResult("onnx", 4, 32, summarize([0.030, 0.031, 0.035], 4)),
        ],
        documents=[DocumentThroughput("onnx", 2, 0.5, 4, 128)],
    )
    report = canonical(
        build_report(
            results,
            model={"folder": str(conversion), "name": "tiny", "backbone": "tiny-bert"},
            settings={"device": "cpu"},
            fingerprints={"bench_fp": BENCH},
            hardware={"cpu": "test"},
        )
    )
    folder = layout.benchmark_dir(BENCH)
    folder.mkdir(parents=True)
    write_outputs(report, folder)
    return StageOutcome(
        Stage.BENCH, "written", 2.0, folder, {"report": str(folder / "benchmark.md")}
    )


@pytest.fixture
def stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stages:
    """Every stage's files under ``out/`` and the PipelineReport of a run that wrote them."""
    from resume_ner.cli.context import build_layout
    from resume_ner.testing.fixtures import build_tiny_dataset

    monkeypatch.chdir(tmp_path)
    build_tiny_dataset(tmp_path / "resumes.jsonl", 12)
    yaml_file = tmp_path / "run.yaml"
    settings = {
        "data": {"name": "tiny", "sources": [{"path": "resumes.jsonl", "format": "native"}]},
        "hpo": {"study_name": "tiny"},
        "tracking": {"enabled": False},
        "paths": {"output_root": "out"},
    }
    yaml_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    config = load_config([yaml_file])
    layout = build_layout(config)
    outcomes = [_data(config, layout, tmp_path), _hpo(layout), _select(layout), _train(layout)]
    model_dir = outcomes[-1].folder
    assert model_dir is not None
    outcomes.append(_convert(layout, model_dir))
    conversion = outcomes[-1].folder
    assert conversion is not None
    outcomes.append(_bench(layout, conversion))
    benchmark = outcomes[-1].folder
    assert benchmark is not None
    return Stages(
        yaml_file, config, layout, PipelineReport(outcomes), model_dir, conversion, benchmark
    )


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, path
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100


def test_full_report_has_every_section_and_plot(stages: Stages) -> None:
    from resume_ner.reporting.run import build_run_report, report_folder, write_run_report

    report = build_run_report(stages.report, stages.config, stages.layout)
    folder = report_folder(report, stages.layout)
    assert folder.parent == stages.layout.root / "reports"
    path = write_run_report(report, folder)
    text = path.read_text(encoding="utf-8")

    assert report.notes == []
    assert "| data | written | 0.4 |" in text
    assert "- dataset `tiny`" in text and "train " in text
    assert "study `tiny`: 3 trials (complete 2, pruned 1)" in text
    assert "best validation span-F1 0.5200 (trial 1)" in text
    assert "trial 1 of study tiny has the best span_f1 (0.5200)" in text
    assert "`training.learning_rate=0.002`" in text
    assert "- span precision 0.8333, recall 0.9091, F1 0.8696" in text
    assert "| NAME | 0.7500 | 0.8571 | 0.8000 | 7 |" in text
    assert "| EMAIL | 1.0000 | 1.0000 | 1.0000 | 4 |" in text
    assert "- parity passed on 3 documents; PyTorch span-F1 0.6000" in text
    assert "| fp32 | model.onnx | 2.5e-06 | 0.6000 | 0.0000 | yes |" in text
    assert "| int8 | model.int8.onnx | 0.031 | 0.5800 | 0.0200 | yes |" in text
    assert "| onnx | 1 | 32 | 11.00 | 11.90 | 11.98 |" in text
    assert "| onnx | 2 | 4.00 |" in text
    assert "- not measured: backend pytorch_bf16: bf16 needs a GPU" in text
    assert f"- ONNX: `{stages.conversion / 'model.onnx'}`" in text
    assert f"- int8 ONNX: `{stages.conversion / 'model.int8.onnx'}`" in text
    assert f"- model: `{stages.model_dir}`" in text
    assert f"```bash\nresume-ner serve --model {stages.conversion}\n```" in text
    assert "not run" not in text
    for name in ("training_curves.png", "per_label_f1.png", "latency.png"):
        assert f"]({name})" in text
        _assert_png(folder / name)
    assert report.training is not None
    assert [(p.epoch, p.train_loss, p.span_f1) for p in report.training.history] == [
        (1, 2.5, 0.2),
        (2, 1.25, 0.45),
    ]
    again = report_folder(report, stages.layout)
    assert again.name == f"{report.run_id}-2"


def test_only_bench_reports_other_stages_as_not_run(stages: Stages) -> None:
    from resume_ner.reporting.run import build_run_report, write_run_report

    only = PipelineReport([o for o in stages.report.outcomes if o.stage == Stage.BENCH])
    report = build_run_report(only, stages.config, stages.layout)
    folder = stages.layout.root / "reports" / "only-bench"
    text = write_run_report(report, folder).read_text(encoding="utf-8")

    for stage in ("data", "hpo", "select", "train", "convert"):
        assert f"| {stage} | not run | - | - |" in text
    for title in (
        "Dataset",
        "Hyperparameter search",
        "Selected configuration",
        "Final model on the test split",
        "ONNX parity",
    ):
        assert f"## {title}\n\n_not run_\n" in text
    assert "- model: _not run_" in text and "- ONNX: _not run_" in text
    assert "| onnx | 4 | 32 |" in text
    assert f"resume-ner serve --model {stages.conversion}" in text
    assert (folder / "latency.png").is_file()
    assert not (folder / "training_curves.png").exists()
    assert not (folder / "per_label_f1.png").exists()
    assert report.to_dict()["training"] is None


def test_unreadable_files_become_notes_not_numbers(stages: Stages) -> None:
    from resume_ner.reporting.run import build_run_report, write_run_report

    (stages.conversion / files.PARITY_FILE).write_text("{broken", encoding="utf-8")
    config = stages.config.model_copy(
        update={"hpo": stages.config.hpo.model_copy(update={"study_name": "gone"})}
    )
    hpo = StageOutcome(
        Stage.HPO, "reused", 0.2, None, {"study": "gone", "trials": 3, "best_span_f1": 0.52}
    )
    outcomes = [hpo if o.stage == Stage.HPO else o for o in stages.report.outcomes]
    report = build_run_report(PipelineReport(outcomes), config, stages.layout)
    text = write_run_report(report, stages.layout.root / "reports" / "broken").read_text(
        encoding="utf-8"
    )

    assert report.parity is None
    assert report.artifacts.onnx == str(stages.conversion / "model.onnx")
    assert any(note.startswith(f"parity of {stages.conversion}:") for note in report.notes)
    assert any("study 'gone' not found" in note for note in report.notes)
    assert "## ONNX parity\n\n_ran, but its results could not be read (see Notes)_" in text
    assert "study `gone`: 3 trials\n- best validation span-F1 0.5200\n" in text
    assert "trial states: unknown (the study storage could not be read)" in text
    assert f"resume-ner serve --model {stages.conversion}" in text


def _fake_pipeline(report: PipelineReport, seen: dict[str, Any]) -> Callable[..., PipelineReport]:
    def run_pipeline(config: Any, layout: Any, base: Any, **kwargs: Any) -> PipelineReport:
        seen.update(kwargs)
        for outcome in report.outcomes:
            if kwargs.get("on_stage"):
                kwargs["on_stage"](outcome.stage, "start")
                kwargs["on_stage"](outcome.stage, outcome.state)
        return report

    return run_pipeline


def test_run_command_prints_the_report(stages: Stages, monkeypatch: pytest.MonkeyPatch) -> None:
    from resume_ner.cli.app import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr("resume_ner.pipeline.run_pipeline", _fake_pipeline(stages.report, seen))
    runner = CliRunner()
    result = runner.invoke(app, ["run", "--config", str(stages.yaml_file)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # not a terminal: the log records are the one voice of each stage (no second "[data]" line)
    assert "[data]" not in result.stderr
    assert len(seen["train_callbacks"]) == 1 and seen["on_trial"] is not None
    assert "│ NAME  │    0.7500 │ 0.8571 │ 0.8000 │       7 │" in out
    assert "test span: precision 0.8333, recall 0.9091, F1 0.8696" in out
    assert "│ int8    │              0.031 │  0.5800 │   0.0200 │ yes    │" in out
    assert "│ onnx    │     1 │     32 │  11.00 │  11.90 │  11.98 │" in out
    assert "why: trial 1 of study tiny has the best span_f1 (0.5200)" in out
    assert f"serve it: resume-ner serve --model {stages.conversion}\n" in out
    assert f"int8 ONNX: {stages.conversion / 'model.int8.onnx'}\n" in out
    report_line = next(line for line in out.splitlines() if line.startswith("report: "))
    path = Path(report_line.removeprefix("report: "))
    assert path.name == "report.md" and path.parent.parent == stages.layout.root / "reports"
    assert "| NAME | 0.7500 | 0.8571 | 0.8000 | 7 |" in path.read_text(encoding="utf-8")

    as_json = runner.invoke(app, ["run", "--config", str(stages.yaml_file), "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert [(s["stage"], s["state"]) for s in data["stages"]][:2] == [
        ("data", "written"),
        ("hpo", "trained"),
    ]
    assert data["training"]["labels"][1] == {
        "label": "NAME",
        "f1": pytest.approx(0.8),
        "precision": 0.75,
        "recall": pytest.approx(6 / 7),
        "support": 7,
    }
    assert data["parity"]["variants"][1]["max_abs_logit_diff"] == 0.031
    assert data["serve_command"] == f"resume-ner serve --model {stages.conversion}"
    assert Path(data["report_md"]).is_file()
    assert "[data]" not in as_json.stderr

    import optuna

    verbosity = optuna.logging.get_verbosity()
    try:
        quiet = runner.invoke(app, ["run", "--config", str(stages.yaml_file), "--quiet"])
    finally:
        optuna.logging.set_verbosity(verbosity)
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""
    assert Path(quiet.stdout.strip()).is_file() and quiet.stdout.strip().endswith("report.md")


def test_progress_board_tracks_epochs_trials_and_eta_silently_off_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from resume_ner.infrastructure.tracking.callbacks import TrainInfo
    from resume_ner.reporting.progress import RunProgress, format_eta
    from resume_ner.training.hpo import TrialProgress

    now = [0.0]
    board = RunProgress((Stage.HPO, Stage.TRAIN), None, clock=lambda: now[0])
    board.on_stage(Stage.HPO, "start")
    now[0] = 20.0
    board.on_trial(TrialProgress(0, "COMPLETE", 0.4, 0, 0.4, 1, 3))
    assert board.rows[Stage.HPO].detail == "trial 1/3 complete, best span-F1 0.4000, ETA 0:40"
    board.on_stage(Stage.HPO, "trained")
    board.on_stage(Stage.TRAIN, "start")
    callback = board.train_callback()
    callback.on_train_begin(TrainInfo(4, 0, 2, 8, 3, "cpu", "fp32", "out"))
    now[0] = 30.0
    callback.on_epoch_end(1, {"train_loss": 0.5, "span_f1": 0.25})
    assert board.rows[Stage.TRAIN].detail == "epoch 1/4, loss 0.5000, val span-F1 0.2500, ETA 0:30"
    board.fail()
    hpo, train = board.rows[Stage.HPO], board.rows[Stage.TRAIN]
    assert (hpo.state, hpo.seconds, train.state, train.seconds) == ("done", 20.0, "failed", 10.0)
    assert capsys.readouterr().err == ""  # the log records speak for these events
    assert format_eta(3725) == "1:02:05" and format_eta(None) == "?"


def test_live_board_renders_states_and_elapsed_time() -> None:
    from rich.console import Console

    from resume_ner.reporting.progress import RunProgress

    now = [0.0]
    console = Console(file=io.StringIO(), force_terminal=True, width=100, color_system=None)
    board = RunProgress((Stage.DATA, Stage.HPO, Stage.TRAIN), console, clock=lambda: now[0])
    assert board.live
    board.on_stage(Stage.DATA, "start")
    now[0] = 1.5
    board.on_stage(Stage.DATA, "reused")
    board.on_stage(Stage.HPO, "start")
    now[0] = 4.0
    console.print(board.render())
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert [line.split() for line in shown.splitlines()] == [
        ["data", "reused", "1.5s"],
        ["hpo", "running", "2.5s"],
        ["train", "pending"],
    ]
