"""The main job: data -> hpo -> select -> train -> convert -> bench, reusing finished stages.

Every stage is fingerprinted by its own module (data_fp, the Optuna study, spec_fp/exec_fp,
conv_fp, bench_fp), so re-running the pipeline after a crash or a config change only redoes
what changed; this module only composes them in order and reports what each one did.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.common.constants import STAGE_ORDER, Stage
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout

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
class PipelineReport:
    """Outcomes of every stage that ran, in order."""

    outcomes: list[StageOutcome] = field(default_factory=list)

    def get(self, stage: Stage) -> StageOutcome | None:
        """The outcome of ``stage``, when it ran."""
        return next((o for o in self.outcomes if o.stage == stage), None)


class PipelineError(RuntimeError):
    """A stage failed its own acceptance check (e.g. ONNX parity)."""


StageHook = Callable[[Stage, str], None]


def selected_stages(start: Stage | None = None, only: Stage | None = None) -> tuple[Stage, ...]:
    """The stages to run: all, from ``start`` on, or ``only`` one."""
    if only is not None:
        return (only,)
    if start is None:
        return STAGE_ORDER
    return STAGE_ORDER[STAGE_ORDER.index(start) :]


def run_pipeline(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: Path,
    *,
    stages: tuple[Stage, ...] = STAGE_ORDER,
    on_stage: StageHook | None = None,
    on_trial: Callable[[Any], None] | None = None,
    train_callbacks: Sequence[Any] = (),
) -> PipelineReport:
    """Run (or reuse) the stages in order and return what each did.

    Args:
        config: The resolved configuration.
        layout: Output layout under the platform's output root.
        base_dir: Folder that relative data paths resolve against.
        stages: Stages to run; a later stage finds earlier results by fingerprint.
        on_stage: Called with (stage, "start" | final state) for progress display.
        on_trial: Called with a ``TrialProgress`` after each HPO trial this run finishes.
        train_callbacks: Training callbacks (``on_train_begin``, ``on_epoch_end``...) of the
            final training, e.g. a progress display.

    Raises:
        PipelineError: When conversion parity fails.
    """
    from resume_ner.infrastructure.tracking import make_tracker

    tracker = make_tracker(config.tracking, layout.root)
    report = PipelineReport()
    state: dict[str, Any] = {"on_trial": on_trial, "train_callbacks": tuple(train_callbacks)}
    runners: dict[Stage, Callable[..., StageOutcome]] = {
        Stage.DATA: _data,
        Stage.HPO: _hpo,
        Stage.SELECT: _select,
        Stage.TRAIN: _train,
        Stage.CONVERT: _convert,
        Stage.BENCH: _bench,
    }
    for stage in stages:
        if on_stage:
            on_stage(stage, "start")
        start = time.perf_counter()
        outcome = runners[stage](config, layout, base_dir, tracker, state)
        outcome.seconds = time.perf_counter() - start
        report.outcomes.append(outcome)
        logger.info("stage %s %s in %.1fs", stage.value, outcome.state, outcome.seconds)
        if on_stage:
            on_stage(stage, outcome.state)
    return report


def _data(
    config: ResumeNerConfig, layout: OutputLayout, base: Path, _t: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.data.stage import run_data_stage

    result = run_data_stage(config.data, layout, base)
    state["data"] = result
    return StageOutcome(
        Stage.DATA,
        "reused" if result.reused else "written",
        0.0,
        result.folder,
        {"documents": result.manifest.documents, "data_fp": result.fingerprint.short},
    )


def _hpo(
    config: ResumeNerConfig, layout: OutputLayout, base: Path, tracker: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.training.hpo import (
        HpoData,
        check_search_space,
        check_storage,
        resolve_storage_url,
        run_study,
    )
    from resume_ner.training.hpo.inputs import load_splits
    from resume_ner.training.hpo.trainer_adapter import train_trial

    check_search_space(config)
    splits, data_fp = load_splits(config, base)
    check_storage(resolve_storage_url(config.hpo, layout))
    result = run_study(
        config,
        HpoData.from_splits(splits, config),
        layout,
        tracker,
        train_trial,
        data_fp=data_fp,
        progress=state.get("on_trial"),
    )
    facts: dict[str, Any] = {"study": config.hpo.study_name, "trials": len(result.trials)}
    if result.best is not None and result.best.value is not None:
        facts["best_span_f1"] = round(float(result.best.value), 4)
    return StageOutcome(Stage.HPO, "reused" if result.ran == 0 else "trained", 0.0, None, facts)


def _select(
    config: ResumeNerConfig, layout: OutputLayout, _b: Path, tracker: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.evaluation.selection import run_selection

    output = run_selection(config, layout, tracker)
    state["selection"] = output.path
    facts = {"chosen": output.result.chosen.label, "why": output.result.reason}
    return StageOutcome(Stage.SELECT, "written", 0.0, Path(output.path).parent, facts)


def _train(
    config: ResumeNerConfig, layout: OutputLayout, base: Path, tracker: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.training.execution import run_final_training

    result = run_final_training(
        config,
        layout,
        base,
        tracker=tracker,
        from_selection=state.get("selection"),
        callbacks=state.get("train_callbacks", ()),
    )
    state["model"] = result.model_dir
    test = result.test_metrics or {}
    facts = {"variant": result.variant, "test_span_f1": round(float(test.get("span_f1", 0.0)), 4)}
    return StageOutcome(Stage.TRAIN, result.state, 0.0, result.model_dir, facts)


def _latest_model(layout: OutputLayout) -> Path:
    from resume_ner.infrastructure.metadata import MetadataIndex

    entry = MetadataIndex(layout.root).latest("train")
    if entry is None:
        raise PipelineError("no completed training run under the output root; run the train stage")
    meta = MetadataIndex(layout.root).load(entry)
    return layout.from_relative(meta.artifacts["model"])


def _convert(
    config: ResumeNerConfig, layout: OutputLayout, _b: Path, tracker: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.deployment.conversion import convert_artifact

    model = state.get("model") or _latest_model(layout)
    result = convert_artifact(model, config, layout, tracker=tracker)
    if not result.passed:
        raise PipelineError(f"ONNX parity failed; see {result.folder / 'parity.json'}")
    state["converted"] = result.folder
    return StageOutcome(
        Stage.CONVERT,
        "reused" if result.reused else "written",
        0.0,
        result.folder,
        {"parity": "passed"},
    )


def _bench(
    config: ResumeNerConfig, layout: OutputLayout, base: Path, tracker: Any, state: dict[str, Any]
) -> StageOutcome:
    from resume_ner.evaluation.benchmarking import run_bench_stage

    target = state.get("converted") or state.get("model") or _latest_model(layout)
    documents: list[Any] = []
    if config.benchmark.documents:
        data = state.get("data")
        if data is None:
            from resume_ner.data.stage import run_data_stage

            data = run_data_stage(config.data, layout, base)
        documents = list(data.splits().test)
    output = run_bench_stage(config, layout, target, tracker=tracker, documents=documents)
    state["benchmark"] = output.folder
    return StageOutcome(
        Stage.BENCH,
        "reused" if output.reused else "written",
        0.0,
        output.folder,
        {"report": str(output.folder / "benchmark.md")},
    )
