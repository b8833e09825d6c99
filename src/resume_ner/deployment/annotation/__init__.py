"""Pre-annotations for labelling tools: import files, uncertainty ranking, labelling configs."""

from resume_ner.deployment.annotation.config import label_studio_config
from resume_ner.deployment.annotation.exclude import labelled_hashes, text_hash
from resume_ner.deployment.annotation.formats import (
    FORMATS,
    AnnotationDocument,
    doccano_records,
    label_studio_tasks,
    model_version,
    write_suggestions,
)
from resume_ner.deployment.annotation.ranking import RANKINGS, rank, uncertainty

__all__ = [
    "FORMATS",
    "RANKINGS",
    "AnnotationDocument",
    "doccano_records",
    "label_studio_config",
    "label_studio_tasks",
    "labelled_hashes",
    "model_version",
    "rank",
    "text_hash",
    "uncertainty",
    "write_suggestions",
]
