"""Config validator: data sources exist, backbone resolves, search space sane, outputs writable."""

from __future__ import annotations

import os
from pathlib import Path

from resume_ner.data.processing.prepare import resolve_source
from resume_ner.infrastructure.config import ConfigError, ResumeNerConfig
from resume_ner.testing.checks import CheckResult, failed, passed
from resume_ner.testing.validators.backbone import check_backbone
from resume_ner.testing.validators.search_space import check_search_space


def config_problems(error: ConfigError) -> list[CheckResult]:
    """One ``config.load`` failure per problem of a config that did not load."""
    if not error.problems:
        return [failed("config.load", str(error))]
    return [
        failed("config.load", str(problem), key=problem.key, source=problem.source)
        for problem in error.problems
    ]


def check_sources(config: ResumeNerConfig, base_dir: Path) -> list[CheckResult]:
    """One result per data source: it resolves to an existing file or folder."""
    if not config.data.sources:
        return [failed("config.sources", "data.sources is empty: configure at least one source")]
    results = []
    for index, source in enumerate(config.data.sources):
        key = f"data.sources[{index}].path"
        try:
            resolved = resolve_source(source.path, base_dir, key)
        except FileNotFoundError as exc:
            results.append(failed("config.sources", str(exc), path=source.path))
            continue
        if resolved.is_dir() and not any(resolved.iterdir()):
            results.append(failed("config.sources", f"{key}: folder {resolved} is empty"))
            continue
        results.append(
            passed("config.sources", f"{key}: {resolved}", path=source.path, resolved=str(resolved))
        )
    return results


def check_output_root(config: ResumeNerConfig, base_dir: Path) -> CheckResult:
    """The output root is a writable folder, or can be created under a writable one."""
    configured = config.paths.output_root
    root = Path(configured).expanduser()
    root = root if root.is_absolute() else base_dir / root
    probe = root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return failed(
            "config.output_root", f"paths.output_root: {probe} is a file, not a folder ({root})"
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        return failed(
            "config.output_root", f"paths.output_root: {probe} is not writable (needed for {root})"
        )
    state = "exists" if probe == root else "will be created"
    return passed("config.output_root", f"{root} ({state})", output_root=str(root))


def kfold_size_result(k: int, n_documents: int) -> CheckResult:
    """``hpo.kfold.k`` must not exceed the number of documents."""
    if k > n_documents:
        return failed(
            "config.kfold",
            f"hpo.kfold.k={k} needs at least {k} documents, the dataset has {n_documents}: "
            f"lower hpo.kfold.k or add documents",
            k=k,
            documents=n_documents,
        )
    return passed("config.kfold", f"k={k} folds over {n_documents} documents", k=k)


def validate_config(
    config: ResumeNerConfig, base_dir: Path, *, n_documents: int | None = None
) -> list[CheckResult]:
    """Check what a loaded config refers to: sources, backbone, search space, output root.

    Args:
        config: A loaded, schema-valid config.
        base_dir: Folder relative paths resolve against (the pipeline's working directory).
        n_documents: Documents in the dataset, when known: checks ``hpo.kfold.k`` against it
            (with k-fold enabled).

    Returns:
        Results of every check, failures naming the config key.
    """
    results = check_sources(config, base_dir)
    results.append(check_backbone(config.model.backbone, base_dir, config.data.max_length))
    results.extend(check_search_space(config))
    results.append(check_output_root(config, base_dir))
    if n_documents is not None and config.hpo.kfold.enabled:
        results.append(kfold_size_result(config.hpo.kfold.k, n_documents))
    return results
