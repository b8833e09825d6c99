"""One pydantic model per config section."""

from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig, SplitConfig
from resume_ner.infrastructure.config.sections.evaluation import (
    BenchmarkConfig,
    ConversionConfig,
    SelectionConfig,
)
from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    HpoConfig,
    IntParam,
    KFoldConfig,
    PrunerConfig,
    SamplerConfig,
    SearchParam,
)
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.naming import NamingConfig
from resume_ner.infrastructure.config.sections.paths import PathsConfig
from resume_ner.infrastructure.config.sections.platform import AzureMLConfig, PlatformConfig
from resume_ner.infrastructure.config.sections.serve import ServeConfig
from resume_ner.infrastructure.config.sections.storage import StorageConfig
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig

__all__ = [
    "AzureMLConfig",
    "BenchmarkConfig",
    "CategoricalParam",
    "ConversionConfig",
    "DataConfig",
    "DataSourceConfig",
    "FloatParam",
    "HpoConfig",
    "IntParam",
    "KFoldConfig",
    "ModelConfig",
    "NamingConfig",
    "PathsConfig",
    "PlatformConfig",
    "PrunerConfig",
    "SamplerConfig",
    "SearchParam",
    "SelectionConfig",
    "ServeConfig",
    "SplitConfig",
    "StorageConfig",
    "TrackingConfig",
    "TrainingConfig",
]
