"""metadata.json per run, a locked, atomic index of runs searchable by fingerprint, and the
model card (README.md) of each trained or converted model."""

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
from resume_ner.infrastructure.metadata.model_card import (
    MODEL_CARD_FILE,
    refresh_model_card,
    write_model_card,
)
from resume_ner.infrastructure.metadata.store import (
    MetadataError,
    metadata_path,
    read_metadata,
    write_metadata,
)

__all__ = [
    "METADATA_SCHEMA_VERSION",
    "MODEL_CARD_FILE",
    "IndexEntry",
    "MetadataError",
    "MetadataIndex",
    "ParentRef",
    "RunMetadata",
    "Timings",
    "metadata_path",
    "read_metadata",
    "refresh_model_card",
    "relative_to_root",
    "save_run",
    "utc_now",
    "write_metadata",
    "write_model_card",
]
