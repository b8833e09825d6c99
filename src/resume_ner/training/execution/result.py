"""The outcome of a final training: where the model is, its metrics, and whether it was reused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.infrastructure.metadata import RunMetadata

MODEL_ARTIFACT = "model"
"""Metadata artifact name of the final model folder."""
METRICS_ARTIFACT = "metrics"
"""Metadata artifact name of the variant's metrics.json."""
CONFIG_ARTIFACT = "config"
"""Metadata artifact name of the variant's config.resolved.yaml."""
METRICS_FILE = "metrics.json"
"""Validation and test metrics of the final model, at the variant folder's top level."""
REFIT_DIR = "refit"
"""Sub-folder of the refit run (its ``best/`` is the final model when refit is on)."""


@dataclass(frozen=True)
class FinalTrainingResult:
    """A trained (or reused) final model.

    ``run_dir`` is the variant folder (``training/<backbone>/<spec8>-<exec8>/v<N>``),
    ``model_dir`` the final model in it (``best/``, ``last/`` or ``refit/best/``);
    ``resumed_from_epoch`` is 0 for a fresh or reused run; ``test_metrics`` are empty without
    test documents.
    """

    run_dir: Path
    model_dir: Path
    variant: int
    reused: bool
    resumed: bool
    resumed_from_epoch: int
    fingerprints: Mapping[str, str]
    best_epoch: int | None
    validation_metrics: Mapping[str, float] = field(default_factory=dict)
    test_metrics: Mapping[str, float] = field(default_factory=dict)
    refit: bool = False
    mlflow_run_id: str | None = None
    metadata: RunMetadata | None = None

    @property
    def state(self) -> str:
        """``reused``, ``resumed`` or ``trained``."""
        if self.reused:
            return "reused"
        return "resumed" if self.resumed else "trained"

    @classmethod
    def from_metadata(
        cls, meta: RunMetadata, run_dir: Path, model_dir: Path, *, reused: bool
    ) -> FinalTrainingResult:
        """Rebuild the result recorded in a completed variant's metadata."""
        metrics: Mapping[str, Any] = meta.metrics
        best = metrics.get("best_epoch")
        return cls(
            run_dir=run_dir,
            model_dir=model_dir,
            variant=int(meta.extra.get("variant", 0)),
            reused=reused,
            resumed=not reused and bool(meta.extra.get("resumed", False)),
            resumed_from_epoch=0 if reused else int(meta.extra.get("resumed_from_epoch", 0)),
            fingerprints=dict(meta.fingerprints),
            best_epoch=int(best) if isinstance(best, int | float) else None,
            validation_metrics=dict(metrics.get("validation", {})),
            test_metrics=dict(metrics.get("test", {})),
            refit=bool(meta.extra.get("refit", False)),
            mlflow_run_id=meta.mlflow_run_id,
            metadata=meta,
        )
