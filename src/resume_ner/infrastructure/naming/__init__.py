"""Experiment and run names, and MLflow tag keys, built from templates."""

from resume_ner.infrastructure.naming.names import NamingError, RunNamer
from resume_ner.infrastructure.naming.tags import FINGERPRINT_NAMES, TagKeys, tag_value

__all__ = ["FINGERPRINT_NAMES", "NamingError", "RunNamer", "TagKeys", "tag_value"]
