"""The main job's final report: what each stage produced, gathered from the files it wrote.

:func:`build_run_report` reads the stage outputs of a :class:`~resume_ner.pipeline.PipelineReport`
(dataset manifest, the Optuna study, ``selection.json``, the final training's
``metadata.json`` and ``metrics.json``, ``parity.json``, ``benchmark.json``). A stage that did
not run in this invocation is reported as ``not run``; one whose files cannot be read gets a
note instead of numbers; nothing is guessed. :func:`write_run_report` writes ``report.md``
and its PNG plots; ``resume-ner run`` puts them in ``<output root>/reports/<run id>/``
(:func:`report_folder`), where the run id is the report's UTC creation time
(``20250131T142501Z``; ``-2``, ``-3``... when that folder already exists).
"""

from __future__ import annotations

import logging
import shlex
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import STAGE_ORDER, Stage, files
from resume_ner.reporting.sections import (
    BenchmarkSummary,
    DataSummary,
    HpoSummary,
    ParitySummary,
    SelectionSummary,
    TrainingSummary,
)
from resume_ner.reporting.sources import (
    read_benchmark,
    read_data,
    read_hpo,
    read_parity,
    read_selection,
)
from resume_ner.reporting.training import read_training

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout
    from resume_ner.pipeline import PipelineReport

logger = logging.getLogger(__name__)

NOT_RUN = "not run"
"""State of a stage that did not run in this invocation."""
REPORTS_DIR = "reports"
"""Folder under the output root holding one report folder per run."""
REPORT_FILE = "report.md"
"""The report's markdown file inside its folder."""


@dataclass(frozen=True)
class StageLine:
    """One stage of the run: its state (``not run`` when absent), duration and folder."""

    stage: str
    state: str
    seconds: float | None = None
    folder: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Artifacts:
    """Where the final model files are (``None``: not produced by a stage of this run)."""

    model: str | None = None
    conversion: str | None = None
    onnx: str | None = None
    onnx_int8: str | None = None


@dataclass(frozen=True)
class RunReport:
    """Everything the final report shows; sections are ``None`` for stages that did not run.

    Attributes:
        run_id: UTC creation time, ``YYYYmmddTHHMMSSZ`` (names the report folder).
        created_at: ISO-8601 UTC creation time.
        output_root: The output root of the run.
        stages: Every pipeline stage in order, ``not run`` included.
        data: The dataset manifest's summary.
        hpo: The study's trial counts and best value.
        selection: The chosen configuration and why.
        training: Test scores (micro and per label) and per-epoch history of the final model.
        parity: The ONNX parity proof.
        benchmark: Latency cells and whole-document throughput.
        artifacts: Model, conversion, ONNX and int8 paths.
        serve_command: The command serving the final model, or ``None`` without one.
        notes: Files that could not be read, and why.
    """

    run_id: str
    created_at: str
    output_root: str
    stages: list[StageLine]
    data: DataSummary | None = None
    hpo: HpoSummary | None = None
    selection: SelectionSummary | None = None
    training: TrainingSummary | None = None
    parity: ParitySummary | None = None
    benchmark: BenchmarkSummary | None = None
    artifacts: Artifacts = field(default_factory=Artifacts)
    serve_command: str | None = None
    notes: list[str] = field(default_factory=list)

    def stage(self, stage: Stage | str) -> StageLine:
        """The line of ``stage``."""
        name = Stage(stage).value
        return next(line for line in self.stages if line.stage == name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (absent sections are ``null``)."""
        return asdict(self)


def _stage_lines(report: PipelineReport) -> list[StageLine]:
    lines = []
    for stage in STAGE_ORDER:
        outcome = report.get(stage)
        if outcome is None:
            lines.append(StageLine(stage.value, NOT_RUN))
            continue
        folder = str(outcome.folder) if outcome.folder is not None else None
        facts = {key: value for key, value in outcome.facts.items() if _plain(value)}
        lines.append(StageLine(stage.value, outcome.state, outcome.seconds, folder, facts))
    return lines


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _artifacts(
    model_dir: Path | None, conversion: Path | None, parity: ParitySummary | None
) -> Artifacts:
    """Paths of the train and convert stages' folders; the model of a conversion whose
    training did not run here comes from the conversion's metadata."""
    model = str(model_dir) if model_dir is not None else None
    if model is None and parity is not None:
        model = parity.source_model
    if conversion is None:
        return Artifacts(model=model)
    onnx, int8 = conversion / files.ONNX_MODEL_FILE, conversion / files.ONNX_INT8_MODEL_FILE
    return Artifacts(
        model=model,
        conversion=str(conversion),
        onnx=str(onnx) if onnx.is_file() else None,
        onnx_int8=str(int8) if int8.is_file() else None,
    )


def serve_command(artifacts: Artifacts, benchmark: BenchmarkSummary | None) -> str | None:
    """``resume-ner serve --model <folder>`` for the converted model, else the trained one,
    else the benchmarked one; ``None`` when this run produced no model."""
    folder = artifacts.conversion or artifacts.model or (benchmark.model if benchmark else None)
    return None if folder is None else f"resume-ner serve --model {shlex.quote(folder)}"


def build_run_report(
    report: PipelineReport,
    config: ResumeNerConfig,
    layout: OutputLayout,
    *,
    now: datetime | None = None,
) -> RunReport:
    """Gather the final report of a pipeline run from the files its stages wrote.

    Only stages in ``report`` are read (reused ones included); the others are ``not run``.
    A file that cannot be read leaves its section empty and adds a note; nothing raises.

    Args:
        report: What :func:`~resume_ner.pipeline.run_pipeline` returned.
        config: The resolved config of the run (HPO storage and study name).
        layout: The output layout of the run.
        now: Creation time (default: now, UTC).
    """
    created = (now or datetime.now(UTC)).astimezone(UTC)
    notes: list[str] = []

    def folder(stage: Stage) -> Path | None:
        outcome = report.get(stage)
        return None if outcome is None else outcome.folder

    data = read_data(folder(Stage.DATA), notes) if report.get(Stage.DATA) else None
    hpo_outcome = report.get(Stage.HPO)
    hpo = read_hpo(config, layout, hpo_outcome.facts, notes) if hpo_outcome else None
    selection = read_selection(folder(Stage.SELECT), notes) if report.get(Stage.SELECT) else None
    training = read_training(folder(Stage.TRAIN), notes) if report.get(Stage.TRAIN) else None
    parity = read_parity(folder(Stage.CONVERT), notes) if report.get(Stage.CONVERT) else None
    benchmark = read_benchmark(folder(Stage.BENCH), notes) if report.get(Stage.BENCH) else None
    artifacts = _artifacts(folder(Stage.TRAIN), folder(Stage.CONVERT), parity)
    return RunReport(
        run_id=created.strftime("%Y%m%dT%H%M%SZ"),
        created_at=created.isoformat(timespec="seconds"),
        output_root=str(layout.root),
        stages=_stage_lines(report),
        data=data,
        hpo=hpo,
        selection=selection,
        training=training,
        parity=parity,
        benchmark=benchmark,
        artifacts=artifacts,
        serve_command=serve_command(artifacts, benchmark),
        notes=notes,
    )


def report_folder(run_report: RunReport, layout: OutputLayout) -> Path:
    """A new folder name for ``run_report``: ``<root>/reports/<run id>`` (suffixed if taken)."""
    parent = layout.root / REPORTS_DIR
    candidate = parent / run_report.run_id
    number = 2
    while candidate.exists():
        candidate = parent / f"{run_report.run_id}-{number}"
        number += 1
    return candidate


def write_run_report(run_report: RunReport, folder: str | Path) -> Path:
    """Write ``report.md`` and its PNG plots into ``folder`` (created), each file atomically.

    Plots (training curves, per-label F1, latency) are drawn only for the sections that have
    numbers; without matplotlib the report is written without them.

    Returns:
        The path of ``report.md``.
    """
    from resume_ner.common.shared import atomic_write_text
    from resume_ner.reporting.markdown import render_markdown
    from resume_ner.reporting.plots import write_plots

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    plots = write_plots(run_report, target)
    path = atomic_write_text(target / REPORT_FILE, render_markdown(run_report, plots))
    logger.debug("run report written to %s", path)
    return path
