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

    Attributes:
        run_dir: The variant folder (``training/<backbone>/<spec8>-<exec8>/v<N>``).
        model_dir: Folder of the final model (``best/``, ``last/`` or ``refit/best/``).
        variant: The variant number N.
        reused: A completed run with the same fingerprints was returned without training.
        resumed: This call continued an interrupted variant (in its folder).
        resumed_from_epoch: Epochs already done when this call resumed an interrupted
            variant (0 for a fresh or reused run).
        fingerprints: ``spec_fp``, ``exec_fp`` and ``data_fp`` (full values).
        best_epoch: Best epoch on validation (None when unknown).
        validation_metrics: Validation metrics of the best epoch.
        test_metrics: Metrics of the final model on the test split (empty without test docs).
        refit: Whether the final model was refit on train+validation.
        mlflow_run_id: The tracked run, when tracking is on.
        metadata: The variant's metadata.json content.
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
