"""Turn the text of an override or environment variable into a value for its key."""

from __future__ import annotations

from typing import Any

from resume_ner.infrastructure.config.schema import is_list, is_text
from resume_ner.infrastructure.config.yaml_io import YamlSyntaxError, parse_yaml


def parse_value(raw: str, annotation: Any, *, from_env: bool) -> Any:
    """Parse ``raw`` as a YAML scalar or flow value, guided by the key's declared type.

    - Text fields: an environment value is taken verbatim; an override is parsed (so
      ``null`` and quoted text work) but falls back to the verbatim text when YAML would
      make it something other than text (``naming.project=1234`` stays ``"1234"``).
    - List fields given without ``[``: split on commas (``a,b`` -> ``["a", "b"]``).
    - Everything else: YAML (``true``, ``3``, ``3e-4``, ``[8, 16]``, ``{type: int}``, ``null``).

    Raises:
        ValueError: If a value that must be parsed is not valid YAML.
    """
    text = raw.strip()
    if is_text(annotation):
        if from_env:
            return raw
        try:
            value = parse_yaml(raw) if text else raw
        except YamlSyntaxError:
            return raw
        return value if value is None or isinstance(value, str) else raw
    if is_list(annotation) and not text.startswith("["):
        return [item.strip() for item in text.split(",") if item.strip()]
    if not text:
        return None
    try:
        return parse_yaml(raw)
    except YamlSyntaxError as exc:
        problem = str(exc).removeprefix("invalid YAML: ")
        raise ValueError(f"value is not valid YAML: {problem}") from None
