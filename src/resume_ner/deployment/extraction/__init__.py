"""Batch extraction: folders of resume files -> one JSONL or CSV record per document, resumable."""

from resume_ner.deployment.extraction.inputs import DOCUMENT_SUFFIXES, list_inputs
from resume_ner.deployment.extraction.output import ResultsFile, open_results
from resume_ner.deployment.extraction.ray_engine import RayRunError, run_extract_ray
from resume_ner.deployment.extraction.ray_pipeline import RayOptions
from resume_ner.deployment.extraction.runner import ExtractProgress, ExtractSummary, run_extract

__all__ = [
    "DOCUMENT_SUFFIXES",
    "ExtractProgress",
    "ExtractSummary",
    "RayOptions",
    "RayRunError",
    "ResultsFile",
    "list_inputs",
    "open_results",
    "run_extract",
    "run_extract_ray",
]
