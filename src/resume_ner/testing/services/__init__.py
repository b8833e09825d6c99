"""Edge-case detection and k-fold validation services."""

from resume_ner.testing.services.edge_cases import detect_edge_cases
from resume_ner.testing.services.kfold import validate_kfold

__all__ = ["detect_edge_cases", "validate_kfold"]
