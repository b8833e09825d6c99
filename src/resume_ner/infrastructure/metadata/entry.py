"""IndexEntry: the one-line summary of a run kept in the output root's index."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.infrastructure.fingerprints import Fingerprint
from resume_ner.infrastructure.metadata.model import RunMetadata, check_relative, utc_now

MIN_PREFIX = 8
"""Shortest fingerprint prefix accepted by lookups (the length of spec8, exec8, ...)."""


class IndexEntry(BaseModel):
    """A run as the index knows it; unknown keys from newer writers are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    run_id: str = Field(min_length=1)
    stage: Stage
    status: StageStatus
    backbone: str | None = None
    run_name: str | None = None
    fingerprints: dict[str, str] = Field(default_factory=dict)
    run_dir: str = Field(description="Run folder relative to the output root (POSIX).")
    started_at: datetime
    finished_at: datetime | None = None
    recorded_at: datetime = Field(default_factory=utc_now)
    mlflow_run_id: str | None = None

    @field_validator("run_dir")
    @classmethod
    def _run_dir_relative(cls, value: str) -> str:
        return check_relative(value)

    @classmethod
    def from_metadata(cls, meta: RunMetadata, run_dir: str) -> IndexEntry:
        """Summarise ``meta`` for a run folder ``run_dir`` relative to the output root."""
        return cls(
            run_id=meta.run_id,
            stage=meta.stage,
            status=meta.status,
            backbone=meta.backbone,
            run_name=meta.run_name,
            fingerprints=dict(meta.fingerprints),
            run_dir=run_dir,
            started_at=meta.timings.started_at,
            finished_at=meta.timings.finished_at,
            mlflow_run_id=meta.mlflow_run_id,
        )

    def matches(self, fingerprints: dict[str, str | Fingerprint]) -> bool:
        """True when every given fingerprint equals the stored one.

        A given value of at least 8 characters also matches as a prefix, so the short forms
        found in folder and run names (spec8, exec8, ...) work.
        """
        for name, wanted in fingerprints.items():
            stored = self.fingerprints.get(name)
            value = str(wanted).strip().lower()
            if stored is None:
                return False
            if stored != value and not (len(value) >= MIN_PREFIX and stored.startswith(value)):
                return False
        return True

    @property
    def sort_time(self) -> datetime:
        """When the run finished, or started for an unfinished run."""
        return self.finished_at or self.started_at
