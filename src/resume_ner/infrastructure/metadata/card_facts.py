"""What a model card says, gathered from the files the stages wrote around a model folder."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.common.constants import Stage, StageStatus, files
from resume_ner.common.shared import read_json
from resume_ner.infrastructure.metadata.index import MetadataIndex
from resume_ner.infrastructure.metadata.model import RunMetadata
from resume_ner.infrastructure.metadata.store import MetadataError, read_metadata

logger = logging.getLogger(__name__)

TOKENIZER_CONFIG_FILE = "tokenizer_config.json"
"""The tokenizer's settings (``do_lower_case``) in a model folder."""


@dataclass(frozen=True)
class Conversion:
    """A conversion of the trained model: its folder and parity.json."""

    folder: Path
    parity: Mapping[str, Any]


@dataclass(frozen=True)
class CardFacts:
    """Everything a card renders; ``kind`` is ``trained`` or ``converted``."""

    folder: Path
    kind: str
    name: str
    train: RunMetadata
    labels: list[str]
    manifest: Mapping[str, Any] | None
    lower_case: bool | None
    parity: Mapping[str, Any] | None = None
    source: Path | None = None
    conversions: list[Conversion] = field(default_factory=list)
    benchmark: Mapping[str, Any] | None = None
    benchmark_folder: Path | None = None

    @property
    def test(self) -> dict[str, float]:
        """Overall test metrics (span P/R/F1...) of the training run."""
        test = self.train.metrics.get("test") or {}
        return {k: float(v) for k, v in sorted(test.items()) if "/" not in k}

    @property
    def per_label(self) -> dict[str, dict[str, Any]]:
        """Label -> precision, recall, f1, support on the test split."""
        rows = self.train.metrics.get("test_per_label") or {}
        return {str(label): dict(row) for label, row in sorted(rows.items())}


def _meta(folder: Path) -> RunMetadata | None:
    try:
        return read_metadata(folder) if (folder / files.METADATA_FILE).is_file() else None
    except MetadataError as exc:
        logger.warning("no model card from %s: %s", folder, exc)
        return None


def training_run(model_dir: Path) -> tuple[Path, RunMetadata] | None:
    """The training run folder (with a train ``metadata.json``) at or just above ``model_dir``."""
    for candidate in (model_dir, *model_dir.parents[:3]):
        meta = _meta(candidate)
        if meta is not None and meta.stage == Stage.TRAIN:
            return candidate, meta
    return None


def output_root(model_dir: Path, meta: RunMetadata) -> Path | None:
    """The output root, from where the training metadata says its model lies below it."""
    relative = meta.artifacts.get("model")
    if relative is None:
        return None
    parts = Path(relative).parts
    resolved = model_dir.resolve()
    if resolved.parts[-len(parts) :] != parts:
        return None
    return resolved.parents[len(parts) - 1]


def _json(path: Path) -> dict[str, Any] | None:
    try:
        data = read_json(path) if path.is_file() else None
    except (OSError, ValueError) as exc:
        logger.warning("model card skips %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _manifest(train: RunMetadata, root: Path | None) -> dict[str, Any] | None:
    data = next((p for p in train.lineage if p.stage == Stage.DATA and p.path), None)
    if root is None or data is None or data.path is None:
        return None
    return _json(root / data.path / files.MANIFEST_FILE)


def _same(recorded: Any, folder: Path) -> bool:
    return isinstance(recorded, str) and Path(recorded).resolve() == folder.resolve()


def _completed(root: Path | None, stage: Stage) -> list[tuple[Path, RunMetadata]]:
    """Completed runs of ``stage`` in the index under ``root``, oldest first."""
    if root is None:
        return []
    index = MetadataIndex(root)
    try:
        entries = index.all()
    except (MetadataError, OSError) as exc:
        logger.warning("model card without the index of %s: %s", root, exc)
        return []
    runs = []
    for entry in sorted(entries, key=lambda e: (e.sort_time, e.run_id)):
        if entry.stage != stage or entry.status != StageStatus.COMPLETED:
            continue
        folder = index.run_path(entry)
        meta = _meta(folder)
        if meta is not None and meta.run_id == entry.run_id:
            runs.append((folder, meta))
    return runs


def _conversions(model_dir: Path, root: Path | None) -> list[Conversion]:
    found: dict[Path, Conversion] = {}
    for folder, meta in _completed(root, Stage.CONVERT):
        parity = _json(folder / files.PARITY_FILE)
        if _same(meta.extra.get("source", {}).get("model_folder"), model_dir) and parity:
            found[folder] = Conversion(folder, parity)
    return [found[key] for key in sorted(found)]


def _benchmark(folder: Path, root: Path | None) -> tuple[Path, dict[str, Any]] | None:
    latest = None
    for bench_dir, meta in _completed(root, Stage.BENCH):
        report = _json(bench_dir / files.BENCHMARK_FILE)
        if _same(meta.extra.get("model_folder"), folder) and report is not None:
            latest = bench_dir, report
    return latest


def _labels(folder: Path) -> list[str]:
    schema = _json(folder / files.LABEL_SCHEMA_FILE) or {}
    return [str(label) for label in schema.get("labels", [])]


def _lower_case(folder: Path) -> bool | None:
    value = (_json(folder / TOKENIZER_CONFIG_FILE) or {}).get("do_lower_case")
    return value if isinstance(value, bool) else None


def gather(folder: Path) -> CardFacts | None:
    """The facts of a trained or converted model ``folder``; ``None`` when it is neither."""
    own = _meta(folder)
    kind, source, parity = "trained", folder, None
    if own is not None and own.stage == Stage.CONVERT:
        recorded = own.extra.get("source", {}).get("model_folder")
        if not isinstance(recorded, str):
            return None
        kind, source, parity = "converted", Path(recorded), _json(folder / files.PARITY_FILE)
    found = training_run(source)
    if found is None:
        return None
    _, train = found
    root = output_root(source, train)
    bench = _benchmark(folder, root)
    return CardFacts(
        folder=folder,
        kind=kind,
        name=(own.run_name if kind == "converted" and own else train.run_name) or folder.name,
        train=train,
        labels=_labels(folder) or _labels(source),
        manifest=_manifest(train, root),
        lower_case=_lower_case(folder),
        parity=parity,
        source=source if kind == "converted" else None,
        conversions=_conversions(folder, root) if kind == "trained" else [],
        benchmark=None if bench is None else bench[1],
        benchmark_folder=None if bench is None else bench[0],
    )
