"""The output layout built from validated templates; the only code that builds output paths."""

from resume_ner.infrastructure.paths.layout import LayoutError, OutputLayout, resolve_root
from resume_ner.infrastructure.paths.template import PathTemplate
from resume_ner.infrastructure.paths.variants import claim_variant, existing_variants

__all__ = [
    "LayoutError",
    "OutputLayout",
    "PathTemplate",
    "claim_variant",
    "existing_variants",
    "resolve_root",
]
