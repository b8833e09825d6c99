"""Config of experiment tracking (MLflow)."""

from __future__ import annotations

from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel


class TrackingConfig(StrictModel):
    """Where and what MLflow records."""

    enabled: bool = Field(True, description="Log runs to MLflow; off skips all tracking calls.")
    uri: str | None = Field(
        None,
        description="Tracking URI: an http(s) server, a sqlite:/// or postgresql:// store, or "
        "an azureml:// URI. Empty means the embedded SQLite store <output_root>/mlflow.db "
        "(or the platform adapter's default). Env: RESUME_NER_TRACKING__URI or "
        "MLFLOW_TRACKING_URI.",
    )
    artifact_location: str | None = Field(
        None,
        description="Artifact root for new experiments; empty means <output_root>/mlartifacts "
        "with the embedded store, the server's default otherwise.",
    )
    log_artifacts: bool = Field(
        True, description="Upload artifacts (configs, reports, small files) to the run."
    )
    log_models: bool = Field(
        False, description="Also upload model weights (large); the output folder keeps them anyway."
    )
