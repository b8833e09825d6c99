"""RunMetadata: what one stage run records about itself (fingerprints, lineage, artifacts...)."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.infrastructure.fingerprints import Fingerprint

METADATA_SCHEMA_VERSION: Literal[1] = 1
"""Version of the metadata.json layout."""


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def relative_to_root(path: str | os.PathLike[str], output_root: str | os.PathLike[str]) -> str:
    """Return ``path`` as a POSIX path relative to ``output_root`` (both resolved).

    Raises:
        ValueError: If ``path`` is not inside ``output_root``, naming both.
    """
    root = Path(output_root).resolve()
    target = Path(path).resolve()
    try:
        relative = target.relative_to(root)
    except ValueError:
        raise ValueError(f"{target} is not inside the output root {root}") from None
    return relative.as_posix() or "."


def check_relative(value: str) -> str:
    """Validate a stored path: relative, POSIX separators, no ``..`` part."""
    posix = value.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(value).is_absolute():
        raise ValueError(f"path {value!r} must be relative to the output root")
    if ".." in PurePosixPath(posix).parts:
        raise ValueError(f"path {value!r} must not leave the output root ('..')")
    return posix


class ParentRef(BaseModel):
    """A run this run was derived from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage = Field(description="Stage of the parent run.")
    fingerprint: str = Field(min_length=1, description="The parent's identifying fingerprint.")
    path: str | None = Field(None, description="Parent run folder, relative to the output root.")
    run_id: str | None = Field(None, description="The parent's run_id, when known.")

    @field_validator("path")
    @classmethod
    def _path_relative(cls, value: str | None) -> str | None:
        return None if value is None else check_relative(value)


class Timings(BaseModel):
    """Start and finish in UTC and durations of named phases in seconds."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    started_at: datetime = Field(default_factory=utc_now, description="Start, ISO 8601 UTC.")
    finished_at: datetime | None = Field(None, description="Finish, ISO 8601 UTC.")
    phases: dict[str, float] = Field(default_factory=dict, description="Phase -> seconds.")

    @field_validator("started_at", "finished_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamp must carry a timezone (UTC expected)")
        return None if value is None else value.astimezone(UTC)


class RunMetadata(BaseModel):
    """The content of a run folder's metadata.json."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: Literal[1] = Field(METADATA_SCHEMA_VERSION, description="Layout version.")
    run_id: str = Field(
        default_factory=lambda: str(uuid.uuid4()), min_length=1, description="Unique run id."
    )
    stage: Stage = Field(description="Pipeline stage.")
    status: StageStatus = Field(StageStatus.RUNNING, description="Lifecycle state.")
    backbone: str | None = Field(None, description="Short backbone name, when one applies.")
    run_name: str | None = Field(None, description="Human-readable run name.")
    fingerprints: dict[str, str] = Field(default_factory=dict, description="Name -> value.")
    fingerprint_components: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Name -> the components that went into it."
    )
    lineage: list[ParentRef] = Field(default_factory=list, description="Parent runs.")
    artifacts: dict[str, str] = Field(
        default_factory=dict, description="Artifact name -> path relative to the output root."
    )
    timings: Timings = Field(default_factory=Timings, description="Start, finish, phases.")
    config: dict[str, Any] = Field(default_factory=dict, description="Resolved config snapshot.")
    metrics: dict[str, Any] = Field(default_factory=dict, description="Final metrics.")
    mlflow_run_id: str | None = Field(None, description="The MLflow run, when tracked.")
    extra: dict[str, Any] = Field(default_factory=dict, description="Stage-specific details.")

    @field_validator("artifacts")
    @classmethod
    def _artifacts_relative(cls, value: dict[str, str]) -> dict[str, str]:
        return {name: check_relative(path) for name, path in value.items()}

    def add_fingerprint(self, name: str, fingerprint: Fingerprint | str) -> None:
        """Record a fingerprint and, for a :class:`Fingerprint`, the components behind it."""
        if isinstance(fingerprint, Fingerprint):
            self.fingerprints[name] = fingerprint.value
            self.fingerprint_components[name] = dict(fingerprint.components)
        else:
            self.fingerprints[name] = fingerprint

    def add_artifact(
        self, name: str, path: str | os.PathLike[str], output_root: str | os.PathLike[str]
    ) -> str:
        """Record artifact ``name`` at ``path`` (made relative to ``output_root``); return it."""
        relative = relative_to_root(path, output_root)
        self.artifacts[name] = relative
        return relative

    def add_parent(
        self,
        stage: Stage | str,
        fingerprint: Fingerprint | str,
        path: str | None = None,
        run_id: str | None = None,
    ) -> None:
        """Append a parent run to the lineage (``path`` relative to the output root)."""
        value = fingerprint.value if isinstance(fingerprint, Fingerprint) else fingerprint
        self.lineage.append(
            ParentRef(stage=Stage(stage), fingerprint=value, path=path, run_id=run_id)
        )

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block and add its seconds to ``timings.phases[name]`` (even on error)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self.timings.phases[name] = self.timings.phases.get(name, 0.0) + elapsed

    def finish(self, status: StageStatus = StageStatus.COMPLETED) -> None:
        """Set the final status and ``finished_at`` (now, UTC)."""
        self.status = status
        self.timings.finished_at = utc_now()
