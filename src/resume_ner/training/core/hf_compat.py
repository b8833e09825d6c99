"""Make a saved model folder loadable by transformers' ``AutoModelForTokenClassification``.

A head with word-shape features ships its modeling code beside the weights (``auto_map``,
opened with ``trust_remote_code=True``); a plain head is saved in the layout of the encoder
family's stock token-classification class (``bert.*`` instead of ``encoder.*``), which
transformers opens without remote code.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from resume_ner.common.shared import atomic_write_bytes

REMOTE_FILES = ("configuration_resume_ner.py", "modeling_resume_ner.py")
"""Modeling code copied into a folder whose head needs it (self-contained, no resume-ner)."""
REMOTE_ARCHITECTURE = "ResumeNerForTokenClassification"
"""The remote class, as written to ``architectures``."""
AUTO_MAP = {
    "AutoConfig": "configuration_resume_ner.ResumeNerConfig",
    "AutoModelForTokenClassification": f"modeling_resume_ner.{REMOTE_ARCHITECTURE}",
}
"""The ``auto_map`` of a folder carrying the remote code."""
ENCODER_PREFIX = "encoder."
"""Prefix of the encoder's weights in resume-ner's own layout."""


def _renamed(state: Mapping[str, Any], old: str, new: str) -> dict[str, Any]:
    return {(new + k[len(old) :] if k.startswith(old) else k): v for k, v in state.items()}


def stock_layout(model: Any, state: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """``(class name, weights)`` in the stock token-classification layout of the encoder's
    family, when that class has exactly the model's weights; ``None`` otherwise (a shape
    head, no stock class, or a stock head that differs, e.g. an extra projection)."""
    import torch
    from transformers import AutoModelForTokenClassification

    if model.head.shape_features:
        return None
    prefix = f"{model.encoder.base_model_prefix}."
    renamed = _renamed(state, ENCODER_PREFIX, prefix)
    auto: Any = AutoModelForTokenClassification
    try:
        with torch.device("meta"):
            stock = auto.from_config(copy.deepcopy(model.config))
    except (ValueError, KeyError, TypeError):
        return None
    expected = {name: tuple(t.shape) for name, t in stock.state_dict().items()}
    if expected != {name: tuple(t.shape) for name, t in renamed.items()}:
        return None
    return type(stock).__name__, renamed


def own_layout(state: Mapping[str, Any], encoder: Any) -> dict[str, Any]:
    """Weights in resume-ner's layout (``encoder.*``), from either saved layout."""
    prefix = f"{encoder.base_model_prefix}."
    if any(name.startswith(ENCODER_PREFIX) for name in state):
        return dict(state)
    return _renamed(state, prefix, ENCODER_PREFIX)


def write_remote_code(folder: Path) -> None:
    """Copy the self-contained modeling code into ``folder``."""
    source = resources.files("resume_ner.training.core").joinpath("hf_remote")
    for name in REMOTE_FILES:
        atomic_write_bytes(folder / name, source.joinpath(name).read_bytes())


def remove_remote_code(folder: Path) -> None:
    """Remove modeling code an earlier save left in ``folder``."""
    for name in REMOTE_FILES:
        (folder / name).unlink(missing_ok=True)
