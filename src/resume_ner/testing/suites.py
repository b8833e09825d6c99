"""The named suites: ``preflight`` (config, dataset, edge cases, k-fold) and ``artifact``."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.infrastructure.config import ConfigError, ResumeNerConfig, load_config
from resume_ner.testing.checks import Check, CheckResult, failed, skipped
from resume_ner.testing.report import SuiteReport
from resume_ner.testing.validators.artifact import validate_artifact
from resume_ner.testing.validators.config import config_problems, validate_config
from resume_ner.testing.validators.dataset import validate_dataset
from resume_ner.testing.validators.edge_cases import detect_edge_cases
from resume_ner.testing.validators.kfold import validate_kfold

logger = logging.getLogger(__name__)

_DOCUMENTS = "documents"
_SOURCES_FAILED = "sources_failed"


@dataclass
class SuiteContext:
    """What the checks of one suite run share.

    Attributes:
        target: The config file or artifact folder being checked.
        base_dir: Folder relative paths in the config resolve against.
        overrides: ``key=value`` config overrides.
        config: The loaded config, once a check has loaded it.
        state: Values one check leaves for later ones (e.g. the validated documents).
    """

    target: Path
    base_dir: Path
    overrides: tuple[str, ...] = ()
    config: ResumeNerConfig | None = None
    state: dict[str, Any] = field(default_factory=dict)


def run_checks(suite: str, checks: Sequence[Check], context: SuiteContext) -> SuiteReport:
    """Run ``checks`` in order into one report; a check that raises becomes one failure."""
    start = time.perf_counter()
    results: list[CheckResult] = []
    for check in checks:
        try:
            found = list(check.run(context))
        except Exception as exc:  # a broken check must not hide the other results
            logger.debug("check %s raised", check.name, exc_info=True)
            found = [failed(f"{check.name}.error", f"check crashed: {type(exc).__name__}: {exc}")]
        results.extend(found)
    return SuiteReport(suite, str(context.target), tuple(results), time.perf_counter() - start)


def _config(context: SuiteContext) -> Iterable[CheckResult]:
    try:
        config = load_config([context.target], context.overrides)
    except ConfigError as exc:
        return config_problems(exc)
    context.config = config
    results = validate_config(config, context.base_dir)
    context.state[_SOURCES_FAILED] = any(
        result.failed for result in results if result.name == "config.sources"
    )
    return results


def _dataset(context: SuiteContext) -> Iterable[CheckResult]:
    if context.config is None:
        return [skipped("dataset", "not checked: the config did not load")]
    if context.state.get(_SOURCES_FAILED):
        return [skipped("dataset", "not checked: a data source is missing (see config.sources)")]
    validation = validate_dataset(context.config.data, context.base_dir)
    context.state[_DOCUMENTS] = validation.documents
    return validation.results


def _edge_cases(context: SuiteContext) -> Iterable[CheckResult]:
    if context.config is None:
        return [skipped("edge_cases", "not checked: the config did not load")]
    documents = context.state.get(_DOCUMENTS)
    if not documents:
        return [skipped("edge_cases", "not checked: no valid documents were loaded")]
    return detect_edge_cases(context.config, documents)


def _kfold(context: SuiteContext) -> Iterable[CheckResult]:
    config = context.config
    if config is None:
        return [skipped("kfold", "not checked: the config did not load")]
    if not config.hpo.kfold.enabled:
        return [skipped("kfold", "hpo.kfold.enabled is false")]
    documents = context.state.get(_DOCUMENTS)
    if not documents:
        return [skipped("kfold", "not checked: no valid documents were loaded")]
    if config.hpo.kfold.k > len(documents):
        return [skipped("kfold", "not checked: more folds than documents (see config.kfold)")]
    return validate_kfold(
        documents, config.hpo.kfold.k, seed=config.data.seed, stratify=config.data.split.stratify
    )


def preflight_checks() -> list[Check]:
    """Checks run before the pipeline: config, dataset, edge cases, k-fold (when enabled)."""
    return [
        Check("config", _config, "config loads; sources, backbone, search space, output root"),
        Check("dataset", _dataset, "label schema, empty documents, overlaps, label coverage"),
        Check("edge_cases", _edge_cases, "tiny data, splits vs batch size, labels per split"),
        Check("kfold", _kfold, "folds partition the documents and cover the labels"),
    ]


def artifact_checks() -> list[Check]:
    """Checks of a trained or converted model folder."""
    return [
        Check(
            "artifact",
            lambda context: validate_artifact(context.target),
            "model files, label schema, parity proof, metadata",
        )
    ]


SUITES: dict[str, Callable[[], list[Check]]] = {
    "preflight": preflight_checks,
    "artifact": artifact_checks,
}
"""Suite name -> the factory of its checks."""


def run_suite(
    name: str,
    target: str | os.PathLike[str],
    overrides: Sequence[str] = (),
    base_dir: str | os.PathLike[str] | None = None,
) -> SuiteReport:
    """Run a named suite and return its one report.

    Args:
        name: ``preflight`` (``target`` is a config file) or ``artifact`` (a model folder).
        target: What to check.
        overrides: ``key=value`` config overrides (preflight).
        base_dir: Folder relative data and backbone paths resolve against (default: the
            working directory, as for the pipeline).

    Raises:
        ValueError: For an unknown suite name, listing the known ones.
    """
    factory = SUITES.get(name)
    if factory is None:
        raise ValueError(f"unknown suite {name!r}; known suites: {', '.join(SUITES)}")
    context = SuiteContext(
        target=Path(target),
        base_dir=Path(base_dir) if base_dir is not None else Path.cwd(),
        overrides=tuple(overrides),
    )
    return run_checks(name, factory(), context)
