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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from resume_ner.common.constants import STAGE_ORDER, Stage, files
from resume_ner.reporting import readers
from resume_ner.reporting.sections import (
    NOT_RUN,
    Artifacts,
    BenchmarkSummary,
    ParitySummary,
    RunReport,
    StageLine,
)

if TYPE_CHECKING:
    from resume_ner.infrastructure.config import ResumeNerConfig
    from resume_ner.infrastructure.paths import OutputLayout
    from resume_ner.pipeline import PipelineReport

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

REPORTS_DIR = "reports"
"""Folder under the output root holding one report folder per run."""
REPORT_FILE = "report.md"
"""The report's markdown file inside its folder."""


def _guard(what: str, notes: list[str], read: Callable[[], _T]) -> _T | None:
    """``read()``, or ``None`` with a note when its files are missing or malformed."""
    try:
        return read()
    except Exception as exc:  # the report must be written whatever one stage left behind
        note = f"{what}: {exc}"
        logger.warning("run report: %s", note)
        notes.append(note)
        return None


def _stage_line(report: PipelineReport, stage: Stage) -> StageLine:
    outcome = report.get(stage)
    if outcome is None:
        return StageLine(stage.value, NOT_RUN)
    folder = None if outcome.folder is None else str(outcome.folder)
    facts = {key: value for key, value in outcome.facts.items() if _plain(value)}
    return StageLine(stage.value, outcome.state, outcome.seconds, folder, facts)


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

    def read(stage: Stage, what: str, reader: Callable[[Path], _T]) -> _T | None:
        path = folder(stage)
        if report.get(stage) is None:
            return None
        if path is None:
            notes.append(f"{stage.value}: the stage ran but reported no output folder")
            return None
        return _guard(f"{what} {path}", notes, lambda: reader(path))

    data = read(Stage.DATA, "dataset manifest in", readers.read_data)
    hpo_outcome, hpo = report.get(Stage.HPO), None
    if hpo_outcome is not None:
        study = config.hpo.study_name
        hpo = _guard(f"study {study!r}", notes, lambda: readers.read_study(config, layout))
        hpo = hpo or readers.hpo_from_facts(config, hpo_outcome.facts)
    selection = read(Stage.SELECT, "selection in", readers.read_selection)
    training = read(Stage.TRAIN, "final training at", readers.read_training)
    parity = read(Stage.CONVERT, "parity of", readers.read_parity)
    bench = read(Stage.BENCH, "benchmark in", readers.read_benchmark)
    found = _artifacts(folder(Stage.TRAIN), folder(Stage.CONVERT), parity)
    return RunReport(
        created.strftime("%Y%m%dT%H%M%SZ"),
        created.isoformat(timespec="seconds"),
        str(layout.root),
        [_stage_line(report, stage) for stage in STAGE_ORDER],
        data,
        hpo,
        selection,
        training,
        parity,
        bench,
        found,
        serve_command(found, bench),
        notes,
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
