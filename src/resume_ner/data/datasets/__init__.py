"""Label schema, torch dataset and collator, batch sampler, synthetic and bundled resumes.

The torch classes (``WindowDataset``, ``PaddingCollator``) load torch on first access, so
importing this package stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resume_ner.data.datasets.bundled import (
    available_bundled,
    bundled_path,
    generate_demo,
    is_bundled,
    load_bundled,
)
from resume_ner.data.datasets.jsonl_gz import read_documents_gz, write_documents_gz
from resume_ner.data.datasets.sampling import LengthGroupedBatchSampler, padding_waste
from resume_ner.data.datasets.schema import IGNORE_INDEX, LabelSchema, LabelSchemaError
from resume_ner.data.datasets.synthetic import generate_resumes

if TYPE_CHECKING:
    from resume_ner.data.datasets.torch_data import PaddingCollator, WindowDataset

_LAZY = {"PaddingCollator", "WindowDataset"}

__all__ = [
    "IGNORE_INDEX",
    "LabelSchema",
    "LabelSchemaError",
    "LengthGroupedBatchSampler",
    "PaddingCollator",
    "WindowDataset",
    "available_bundled",
    "bundled_path",
    "generate_demo",
    "generate_resumes",
    "is_bundled",
    "load_bundled",
    "padding_waste",
    "read_documents_gz",
    "write_documents_gz",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from resume_ner.data.datasets import torch_data

        return getattr(torch_data, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
