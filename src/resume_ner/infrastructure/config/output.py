"""Render a resolved config as a JSON-able dict or YAML, with secrets masked."""

from __future__ import annotations

from typing import Any

import yaml

from resume_ner.infrastructure.config.root import ResumeNerConfig


def resolved_dict(config: ResumeNerConfig) -> dict[str, Any]:
    """Return the config as plain JSON-able data; secrets appear as ``**********``."""
    return config.model_dump(mode="json")


def dump_config(config: ResumeNerConfig) -> str:
    """Return the resolved config as block-style YAML (secrets masked), loadable again."""
    return yaml.safe_dump(resolved_dict(config), sort_keys=False, allow_unicode=True)
