"""Seeded synthetic resume generator: realistic layouts, exact character spans, no network."""

from resume_ner.data.datasets.synthetic.generator import (
    SYNTHETIC_LABELS,
    generate_resume,
    generate_resumes,
)

__all__ = ["SYNTHETIC_LABELS", "generate_resume", "generate_resumes"]
