"""Label schema, synthetic and bundled resumes."""

from resume_ner.data.datasets.bundled import (
    available_bundled,
    bundled_path,
    generate_demo,
    load_bundled,
    write_documents_gz,
)
from resume_ner.data.datasets.schema import IGNORE_INDEX, LabelSchema, LabelSchemaError
from resume_ner.data.datasets.synthetic import generate_resumes

__all__ = [
    "IGNORE_INDEX",
    "LabelSchema",
    "LabelSchemaError",
    "available_bundled",
    "bundled_path",
    "generate_demo",
    "generate_resumes",
    "load_bundled",
    "write_documents_gz",
]
