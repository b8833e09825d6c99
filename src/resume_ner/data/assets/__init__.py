"""Dataset manifests: data_fp, counts per split and label, and the source files."""

from resume_ner.data.assets.manifest import (
    ALL_SPLIT,
    MANIFEST_FORMAT,
    DatasetManifest,
    build_manifest,
)
from resume_ner.data.assets.sources import SourceFile, describe_source
from resume_ner.data.assets.stats import SplitStats, split_stats
from resume_ner.data.assets.table import manifest_table

__all__ = [
    "ALL_SPLIT",
    "MANIFEST_FORMAT",
    "DatasetManifest",
    "SourceFile",
    "SplitStats",
    "build_manifest",
    "describe_source",
    "manifest_table",
    "split_stats",
]
