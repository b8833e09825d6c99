"""The select stage: read the studies, apply the rule, write selection.json and log it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.constants.stages import Stage
from resume_ner.common.shared.hashing import hash_value
from resume_ner.evaluation.benchmarking.latency import latencies_by_backbone
from resume_ner.evaluation.selection.candidates import candidates_from_results, load_studies
from resume_ner.evaluation.selection.io import selection_to_dict, write_selection
from resume_ner.evaluation.selection.rule import SelectionResult, select_candidate
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.paths.layout import OutputLayout
from resume_ner.infrastructure.tracking import Tracker
from resume_ner.training.hpo.storage import mask_url, resolve_storage_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SelectionOutput:
    """What the select stage produced: the choice, the written ``selection.json``, the studies
    compared and their storage URL (password masked)."""

    result: SelectionResult
    path: Path
    studies: tuple[str, ...]
    storage: str


def run_selection(
    config: ResumeNerConfig,
    layout: OutputLayout,
    tracker: Tracker,
    *,
    studies: Sequence[str] = (),
    storage: str | None = None,
    latencies: Mapping[str, float] | None = None,
) -> SelectionOutput:
    """Choose the configuration across ``studies`` and write ``selection.json``.

    The file goes to ``selection/<spec8>`` of the chosen trial. ``studies`` default to
    ``selection.studies``, else ``hpo.study_name``; ``storage`` to ``hpo.storage`` or the
    embedded SQLite; ``latencies`` (backbone -> ms) to :func:`latencies_by_backbone`.

    Raises:
        SelectionError, StorageError: When nothing can be selected or the storage is down.
    """
    rule = config.selection
    names = tuple(studies or rule.studies or [config.hpo.study_name])
    url = storage or resolve_storage_url(config.hpo, layout)
    results = load_studies(url, names)
    if latencies is None:
        latencies = latencies_by_backbone(layout.root, config.benchmark)
    candidates = candidates_from_results(results, metric=rule.metric, latencies=latencies)
    result = select_candidate(
        candidates,
        tolerance=rule.tolerance,
        mode=rule.tolerance_mode,
        latency_source=rule.latency_source,
        metric=rule.metric,
    )
    chosen = result.chosen
    spec = chosen.spec_fp or hash_value({"study": chosen.study, "params": result.params})
    extra = {"studies": list(names), "storage": mask_url(url), "spec_fp": spec}
    path = write_selection(result, layout.selection_dir(spec), extra)
    logger.info("selected %s (%s %.4f)", chosen.label, result.metric, chosen.score)
    logger.debug("selection written to %s: %s", path, result.reason)
    _track(config, tracker, result, names, extra)
    return SelectionOutput(result, path, names, mask_url(url))


def _track(
    config: ResumeNerConfig,
    tracker: Tracker,
    result: SelectionResult,
    studies: Sequence[str],
    extra: Mapping[str, object],
) -> None:
    if not tracker.enabled:
        return
    namer = RunNamer.from_config(config.naming)
    keys = TagKeys.from_config(config.naming)
    spec = str(extra["spec_fp"])
    tags = {
        **keys.run_tags(Stage.SELECT, study=result.chosen.study, trial=result.chosen.trial),
        **keys.fingerprint_tags(spec_fp=spec),
    }
    params = {
        "tolerance": result.tolerance,
        "tolerance_mode": result.tolerance_mode,
        "speed_source": result.speed_source,
        "studies": ", ".join(studies),
    }
    with tracker.stage_run(
        namer.experiment_name(Stage.SELECT),
        namer.run_name("select", spec_fp=spec),
        tags=tags,
        params=params,
    ) as run:
        run.log_metrics({result.metric: result.chosen.score, "candidates": len(result.score_table)})
        run.log_dict(selection_to_dict(result, extra), "selection.json")
        run.log_text(result.reason, "reason.txt")
