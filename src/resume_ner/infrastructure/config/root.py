"""The root config model (every section in one validated object) and its rendering."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel
from resume_ner.infrastructure.config.sections import (
    BenchmarkConfig,
    ConversionConfig,
    DataConfig,
    HpoConfig,
    ModelConfig,
    NamingConfig,
    PathsConfig,
    PlatformConfig,
    SelectionConfig,
    ServeConfig,
    StorageConfig,
    TrackingConfig,
    TrainingConfig,
)


class ResumeNerConfig(StrictModel):
    """The whole resolved configuration of a resume-ner run."""

    data: DataConfig = Field(default_factory=DataConfig, description="Datasets and windows.")
    model: ModelConfig = Field(default_factory=ModelConfig, description="Backbone and head.")
    training: TrainingConfig = Field(default_factory=TrainingConfig, description="Training loop.")
    hpo: HpoConfig = Field(default_factory=HpoConfig, description="Hyper-parameter search.")
    selection: SelectionConfig = Field(
        default_factory=SelectionConfig, description="Configuration selection."
    )
    conversion: ConversionConfig = Field(
        default_factory=ConversionConfig, description="ONNX conversion and parity."
    )
    benchmark: BenchmarkConfig = Field(
        default_factory=BenchmarkConfig, description="Latency benchmark."
    )
    serve: ServeConfig = Field(default_factory=ServeConfig, description="HTTP service.")
    tracking: TrackingConfig = Field(default_factory=TrackingConfig, description="MLflow.")
    paths: PathsConfig = Field(default_factory=PathsConfig, description="Output layout.")
    naming: NamingConfig = Field(default_factory=NamingConfig, description="Run names and tags.")
    platform: PlatformConfig = Field(
        default_factory=PlatformConfig, description="Platform and device."
    )
    storage: StorageConfig = Field(
        default_factory=StorageConfig, description="Backup of the output root."
    )


def resolved_dict(config: ResumeNerConfig) -> dict[str, Any]:
    """Return the config as plain JSON-able data; secrets appear as ``**********``."""
    return config.model_dump(mode="json")


def dump_config(config: ResumeNerConfig) -> str:
    """Return the resolved config as block-style YAML (secrets masked), loadable again."""
    return yaml.safe_dump(resolved_dict(config), sort_keys=False, allow_unicode=True)
