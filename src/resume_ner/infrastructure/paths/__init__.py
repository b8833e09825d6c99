"""The output layout built from validated templates; the only code that builds output paths."""

from resume_ner.common.constants.files import MLFLOW_ARTIFACTS_DIR
from resume_ner.infrastructure.paths.layout import (
    STAGE_VALUE_KEYS,
    LayoutError,
    OutputLayout,
    VariantLocation,
    resolve_root,
)
from resume_ner.infrastructure.paths.template import PathTemplate
from resume_ner.infrastructure.paths.variants import claim_variant, existing_variants, next_variant

__all__ = [
    "MLFLOW_ARTIFACTS_DIR",
    "STAGE_VALUE_KEYS",
    "LayoutError",
    "OutputLayout",
    "PathTemplate",
    "VariantLocation",
    "claim_variant",
    "existing_variants",
    "next_variant",
    "resolve_root",
]
