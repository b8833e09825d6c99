"""metadata.json per run and a locked, atomic index of runs searchable by fingerprint."""

from resume_ner.infrastructure.metadata.entry import IndexEntry
from resume_ner.infrastructure.metadata.index import MetadataIndex, save_run
from resume_ner.infrastructure.metadata.model import (
    METADATA_SCHEMA_VERSION,
    ParentRef,
    RunMetadata,
    Timings,
    relative_to_root,
    utc_now,
)
from resume_ner.infrastructure.metadata.store import (
    MetadataError,
    metadata_path,
    read_metadata,
    write_metadata,
)

__all__ = [
    "METADATA_SCHEMA_VERSION",
    "IndexEntry",
    "MetadataError",
    "MetadataIndex",
    "ParentRef",
    "RunMetadata",
    "Timings",
    "metadata_path",
    "read_metadata",
    "relative_to_root",
    "save_run",
    "utc_now",
    "write_metadata",
]
