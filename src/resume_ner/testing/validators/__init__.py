"""Dataset, config and artifact validators: each returns check results naming every problem."""

from resume_ner.testing.validators.artifact import validate_artifact
from resume_ner.testing.validators.backbone import check_backbone
from resume_ner.testing.validators.config import config_problems, validate_config
from resume_ner.testing.validators.dataset import (
    DatasetValidation,
    check_documents,
    validate_dataset,
)
from resume_ner.testing.validators.grading import grade_report
from resume_ner.testing.validators.search_space import check_search_space

__all__ = [
    "DatasetValidation",
    "check_backbone",
    "check_documents",
    "check_search_space",
    "config_problems",
    "grade_report",
    "validate_artifact",
    "validate_config",
    "validate_dataset",
]
