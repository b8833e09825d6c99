"""The main job: data -> hpo -> select -> train -> convert -> bench, reusing finished stages.

Each stage is one function of its package (``run_data_stage``, ``run_hpo``, ``run_selection``,
``run_train``, ``run_convert``, ``run_bench``), the same one its CLI command calls, so
``resume-ner run`` and the single-stage commands decide alike (launcher, reuse by
fingerprint, parity failure). This module only calls them in order, passes each typed result
to the next stage and records what each one did.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import STAGE_ORDER, Stage
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout

if TYPE_CHECKING:
    from resume_ner.data.stage import DataStageResult
    from resume_ner.deployment.conversion import ConversionResult
    from resume_ner.evaluation.benchmarking import BenchmarkOutput
    from resume_ner.evaluation.selection import SelectionOutput
    from resume_ner.infrastructure.tracking import Callback, Tracker
    from resume_ner.training.execution import TrainStageResult
    from resume_ner.training.hpo import StudyResult, TrialProgress

logger = logging.getLogger(__name__)


@dataclass
class StageOutcome:
    """What one stage did: ``trained``/``written`` or ``reused``, its folder and key facts."""

    stage: Stage
    state: str
    seconds: float
    folder: Path | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class StageResults:
    """The typed result of every stage that ran, handed from stage to stage."""

    data: DataStageResult | None = None
    hpo: StudyResult | None = None
    selection: SelectionOutput | None = None
    train: TrainStageResult | None = None
    conversion: ConversionResult | None = None
    bench: BenchmarkOutput | None = None


@dataclass
class PipelineReport:
    """Outcomes of every stage that ran, in order, and their typed results."""

    outcomes: list[StageOutcome] = field(default_factory=list)
    results: StageResults = field(default_factory=StageResults)

    def get(self, stage: Stage) -> StageOutcome | None:
        """The outcome of ``stage``, when it ran."""
        return next((o for o in self.outcomes if o.stage == stage), None)


StageHook = Callable[[Stage, str], None]


def selected_stages(start: Stage | None = None, only: Stage | None = None) -> tuple[Stage, ...]:
    """The stages to run: all, from ``start`` on, or ``only`` one."""
    if only is not None:
        return (only,)
    if start is None:
        return STAGE_ORDER
    return STAGE_ORDER[STAGE_ORDER.index(start) :]


@dataclass
class _Run:
    """One pipeline run: its inputs, hooks and the results so far."""

    config: ResumeNerConfig
    layout: OutputLayout
    base_dir: Path
    tracker: Tracker
    on_trial: Callable[[TrialProgress], None] | None
    train_callbacks: Sequence[Callback]
    results: StageResults = field(default_factory=StageResults)

    def data(self) -> StageOutcome:
        from resume_ner.data.stage import run_data_stage

        result = run_data_stage(self.config.data, self.layout, self.base_dir)
        self.results.data = result
        facts = {"documents": result.manifest.documents, "data_fp": result.fingerprint.short}
        return StageOutcome(Stage.DATA, _state(result.reused), 0.0, result.folder, facts)

    def hpo(self) -> StageOutcome:
        from resume_ner.training.hpo import run_hpo

        result = run_hpo(
            self.config,
            self.layout,
            self._data(),
            tracker=self.tracker,
            on_trial=self.on_trial,
        )
        self.results.hpo = result
        facts: dict[str, Any] = {"study": self.config.hpo.study_name, "trials": len(result.trials)}
        if result.best is not None and result.best.value is not None:
            facts["best_span_f1"] = round(float(result.best.value), 4)
        return StageOutcome(Stage.HPO, "reused" if result.ran == 0 else "trained", 0.0, None, facts)

    def select(self) -> StageOutcome:
        from resume_ner.evaluation.selection import run_selection

        output = run_selection(self.config, self.layout, self.tracker)
        self.results.selection = output
        facts = {"chosen": output.result.chosen.label, "why": output.result.reason}
        return StageOutcome(Stage.SELECT, "written", 0.0, Path(output.path).parent, facts)

    def train(self) -> StageOutcome:
        from resume_ner.training.execution import TrainArgs, run_train

        selection = self.results.selection
        args = TrainArgs(from_selection=Path(selection.path) if selection is not None else None)
        result = run_train(
            self.config,
            self.layout,
            self.base_dir,
            args,
            tracker=self.tracker,
            callbacks=self.train_callbacks,
        )
        self.results.train = result
        facts: dict[str, Any] = {"launcher": result.launcher}
        if result.training is not None:
            test = result.training.test_metrics or {}
            facts["variant"] = result.training.variant
            facts["test_span_f1"] = round(float(test.get("span_f1", 0.0)), 4)
        if result.job is not None:
            facts["job"] = result.job
        return StageOutcome(Stage.TRAIN, result.state, 0.0, result.model_dir, facts)

    def convert(self) -> StageOutcome:
        from resume_ner.deployment.conversion import run_convert

        result = run_convert(self.config, self.layout, self._model(), tracker=self.tracker)
        self.results.conversion = result
        return StageOutcome(
            Stage.CONVERT, _state(result.reused), 0.0, result.folder, {"parity": "passed"}
        )

    def bench(self) -> StageOutcome:
        from resume_ner.evaluation.benchmarking import run_bench

        conversion = self.results.conversion
        output = run_bench(
            self.config,
            self.layout,
            self.base_dir,
            conversion.folder if conversion is not None else self._model(),
            data=self.results.data,
            tracker=self.tracker,
        )
        self.results.bench = output
        facts = {"report": str(output.folder / "benchmark.md")}
        return StageOutcome(Stage.BENCH, _state(output.reused), 0.0, output.folder, facts)

    def _data(self) -> DataStageResult:
        if self.results.data is None:
            self.data()
        assert self.results.data is not None
        return self.results.data

    def _model(self) -> Path | None:
        """The model this run trained; ``None`` lets a stage take the latest trained one."""
        train = self.results.train
        return train.model_dir if train is not None else None


def _state(reused: bool) -> str:
    return "reused" if reused else "written"


def run_pipeline(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: Path,
    *,
    stages: tuple[Stage, ...] = STAGE_ORDER,
    on_stage: StageHook | None = None,
    on_trial: Callable[[TrialProgress], None] | None = None,
    train_callbacks: Sequence[Callback] = (),
) -> PipelineReport:
    """Run (or reuse) the stages in order and return what each did.

    A training submitted to Azure ML ends the run: its model is in the job's outputs.

    Args:
        config: The resolved configuration.
        layout: Output layout under the platform's output root.
        base_dir: Folder that relative data paths resolve against.
        stages: Stages to run; a later stage finds earlier results by fingerprint.
        on_stage: Called with (stage, "start" | final state) for progress display.
        on_trial: Called with a ``TrialProgress`` after each HPO trial this run finishes.
        train_callbacks: Training callbacks of the final training (e.g. a progress display).

    Raises:
        ParityError: When the converted model fails its parity proof.
        LaunchError: When a launched training fails.
    """
    from resume_ner.infrastructure.tracking import make_tracker

    run = _Run(
        config,
        layout,
        base_dir,
        make_tracker(config.tracking, layout.root),
        on_trial,
        tuple(train_callbacks),
    )
    report = PipelineReport(results=run.results)
    steps: dict[Stage, Callable[[], StageOutcome]] = {
        Stage.DATA: run.data,
        Stage.HPO: run.hpo,
        Stage.SELECT: run.select,
        Stage.TRAIN: run.train,
        Stage.CONVERT: run.convert,
        Stage.BENCH: run.bench,
    }
    for stage in stages:
        logger.info("stage %s started", stage.value)
        if on_stage:
            on_stage(stage, "start")
        start = time.perf_counter()
        outcome = steps[stage]()
        outcome.seconds = time.perf_counter() - start
        report.outcomes.append(outcome)
        logger.info("stage %s %s in %.1fs", stage.value, outcome.state, outcome.seconds)
        if on_stage:
            on_stage(stage, outcome.state)
        if stage == Stage.TRAIN and outcome.state == "submitted":
            logger.info(
                "training runs as Azure ML job %s; convert and bench its model from the job's "
                "outputs",
                outcome.facts.get("job"),
            )
            break
    return report
