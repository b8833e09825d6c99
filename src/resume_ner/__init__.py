"""resume-ner: train, tune, select, convert, benchmark and serve resume NER models."""

__version__ = "0.1.0"

__all__ = ["__version__"]
