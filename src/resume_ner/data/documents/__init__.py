"""Reading resumes as people send them: PDF, DOCX, images and text -> text, with how it was read."""

from resume_ner.data.documents.model import (
    DocumentError,
    DocumentKind,
    DocumentLimits,
    ReadDocument,
    ReadMethod,
)
from resume_ner.data.documents.read import check_zip_safety, detect_kind, read_document, read_file

__all__ = [
    "DocumentError",
    "DocumentKind",
    "DocumentLimits",
    "ReadDocument",
    "ReadMethod",
    "check_zip_safety",
    "detect_kind",
    "read_document",
    "read_file",
]
