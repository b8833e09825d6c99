"""Seeded synthetic resume generator: realistic layouts, exact character spans, no network."""

from resume_ner.data.datasets.synthetic.generator import generate_resumes

__all__ = ["generate_resumes"]
