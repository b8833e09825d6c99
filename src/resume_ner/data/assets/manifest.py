"""The dataset manifest: data_fp, counts per split and label, sources and the validation report."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError, canonical, hash_value, read_json, write_json
from resume_ner.data.assets.sources import SourceFile, describe_source
from resume_ner.data.assets.stats import SplitStats, split_stats
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Splits
from resume_ner.data.processing.validation_report import ValidationReport
from resume_ner.infrastructure.fingerprints import data_fp as fingerprint_data

MANIFEST_FORMAT = "resume-ner-dataset-manifest/1"
"""Format tag stored in every manifest."""
ALL_SPLIT = "all"
"""Split name used when the documents are not split."""

SPLIT_ORDER = ("train", "validation", "test")
"""Order in which splits are listed after loading a manifest."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class DatasetManifest:
    """What a prepared dataset is: its fingerprint, sizes, sources and validation outcome.

    ``data_fp`` fingerprints the source files' contents; ``splits`` holds statistics per split
    (``train``/``validation``/``test``, or ``all``); ``settings`` are those that shaped the
    data; ``created_at`` (ISO-8601 UTC) is not part of :meth:`fingerprint`.
    """

    name: str
    data_fp: str
    labels: tuple[str, ...]
    splits: Mapping[str, SplitStats]
    sources: tuple[SourceFile, ...] = ()
    validation: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    created_at: str = ""

    @property
    def data8(self) -> str:
        """The first 8 characters of ``data_fp``."""
        return self.data_fp[:8]

    @property
    def documents(self) -> int:
        """Documents over all splits."""
        return sum(stats.documents for stats in self.splits.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (what :meth:`save` writes)."""
        return {
            "format": MANIFEST_FORMAT,
            "name": self.name,
            "data_fp": self.data_fp,
            "labels": list(self.labels),
            "splits": {name: stats.to_dict() for name, stats in self.splits.items()},
            "sources": [source.to_dict() for source in self.sources],
            "validation": canonical(dict(self.validation)),
            "settings": canonical(dict(self.settings)),
            "created_at": self.created_at,
        }

    def fingerprint(self) -> str:
        """SHA-256 of the manifest without ``created_at`` and without where the sources lay.

        Sources count by content (SHA-256, size, file count), not by their configured or
        resolved paths, so two builds from the same data and settings give the same value on
        any machine.
        """
        data = self.to_dict()
        del data["created_at"]
        for source in data["sources"]:
            del source["path"], source["name"]
        return hash_value(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DatasetManifest:
        """Rebuild from :meth:`to_dict` output.

        Raises:
            ValueError: Naming the key path of a missing or malformed field.
        """
        top = _mapping(data, "manifest")
        found = top.get("format", MANIFEST_FORMAT)
        if found != MANIFEST_FORMAT:
            raise ValueError(f"format: unsupported {found!r} (expected {MANIFEST_FORMAT!r})")
        stored = _mapping(_require(top, "splits", "manifest"), "splits")
        splits = {
            str(split): _part(SplitStats.from_dict, stored[split], f"splits.{split}")
            for split in sorted(stored, key=_split_order)
        }
        sources = tuple(
            _part(SourceFile.from_dict, item, f"sources[{index}]")
            for index, item in enumerate(top.get("sources") or [])
        )
        labels = _require(top, "labels", "manifest")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise ValueError("labels: expected a list of label names")
        return cls(
            name=str(_require(top, "name", "manifest")),
            data_fp=str(_require(top, "data_fp", "manifest")),
            labels=tuple(labels),
            splits=splits,
            sources=sources,
            validation=_mapping(top.get("validation") or {}, "validation"),
            settings=_mapping(top.get("settings") or {}, "settings"),
            created_at=str(top.get("created_at", "")),
        )

    def save(self, folder: str | os.PathLike[str]) -> Path:
        """Atomically write ``manifest.json`` into ``folder`` and return its path."""
        return write_json(Path(folder) / files.MANIFEST_FILE, self.to_dict())

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> DatasetManifest:
        """Read ``manifest.json`` from ``folder`` (or the file itself).

        Raises:
            FileNotFoundError: If it does not exist.
            FileFormatError: Naming the file and the bad field.
        """
        path = Path(folder)
        if path.is_dir():
            path = path / files.MANIFEST_FILE
        data = read_json(path)
        try:
            return cls.from_dict(data)
        except ValueError as exc:
            raise FileFormatError(path, f"not a dataset manifest: {exc}") from None


def _split_order(name: str) -> tuple[int, str]:
    """Known splits in pipeline order, then any others by name (JSON keys come back sorted)."""
    known = (*SPLIT_ORDER, ALL_SPLIT)
    return (known.index(name) if name in known else len(known), name)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a JSON object, got {type(value).__name__}")
    return dict(value)


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ValueError(f"{where}: missing field {key!r}")
    return data[key]


def _part(build: Callable[[Mapping[str, Any]], _T], value: Any, where: str) -> _T:
    try:
        return build(_mapping(value, where))
    except KeyError as exc:
        raise ValueError(f"{where}: missing field {exc.args[0]!r}") from None
    except TypeError as exc:
        raise ValueError(f"{where}: malformed ({exc})") from None


def build_manifest(
    name: str,
    splits: Splits | Sequence[Document],
    sources: Sequence[str | os.PathLike[str]],
    *,
    labels: Sequence[str] | None = None,
    validation: ValidationReport | None = None,
    settings: Mapping[str, Any] | None = None,
    token_counts: Mapping[str, Sequence[int]] | None = None,
    created_at: str | None = None,
) -> DatasetManifest:
    """Describe a prepared dataset; ``data_fp`` is computed over the sources' contents,
    ``labels`` default to those found (sorted) and ``created_at`` to now (UTC).

    Raises:
        FileNotFoundError: If a source does not exist.
        ValueError: If no source is given or token counts do not match the documents.
    """
    if not sources:
        raise ValueError("build_manifest needs at least one source file or folder")
    by_split = splits.as_dict() if isinstance(splits, Splits) else {ALL_SPLIT: splits}
    if labels is None:
        labels = sorted({s.label for docs in by_split.values() for d in docs for s in d.spans})
    counts = token_counts or {}
    stats = {
        split: split_stats(docs, labels, counts.get(split)) for split, docs in by_split.items()
    }
    described = tuple(describe_source(source) for source in sources)
    fingerprint = fingerprint_data([Path(source.path) for source in described])
    return DatasetManifest(
        name=name,
        data_fp=fingerprint.value,
        labels=tuple(labels),
        splits=stats,
        sources=described,
        validation=validation.to_dict() if validation is not None else {},
        settings=dict(settings or {}),
        created_at=created_at or datetime.now(UTC).isoformat(timespec="seconds"),
    )
