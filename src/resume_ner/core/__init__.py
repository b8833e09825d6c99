"""Standard-library-only building blocks: naming tokens, normalisation, placeholder templates."""

from resume_ner.core.normalize import (
    Normalized,
    NormalizeRules,
    normalize,
    safe_name,
    safe_path_part,
)
from resume_ner.core.placeholders import PlaceholderError, Template, fill, parse, validate
from resume_ner.core.tokens import TOKENS, Scope, Token, get_token, tokens_for

__all__ = [
    "TOKENS",
    "NormalizeRules",
    "Normalized",
    "PlaceholderError",
    "Scope",
    "Template",
    "Token",
    "fill",
    "get_token",
    "normalize",
    "parse",
    "safe_name",
    "safe_path_part",
    "tokens_for",
    "validate",
]
