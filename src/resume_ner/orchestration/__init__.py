"""Deprecated facade: the old flat module names, re-exported from their new homes.

``resume_ner.orchestration.<old>`` re-exports the public API of its new module (see
``MOVED`` and docs/migration.md) and warns once with a ``DeprecationWarning``; the facade
is removed two minor releases after the current one. Names of every new module are also
reachable here (``from resume_ner.orchestration import load_config``), loaded on access.
Nothing inside the package imports this facade.
"""

from __future__ import annotations

import importlib
from typing import Any

from resume_ner.orchestration._deprecation import MOVED, REMOVAL_VERSION, warn_moved

__all__ = [
    "azureml",
    "config",
    "constants",
    "data_assets",
    "fingerprints",
    "metadata",
    "naming",
    "paths",
    "platform_adapters",
    "shared",
    "storage",
    "testing",
    "tracking",
]

warn_moved(
    __name__,
    "the new modules (resume_ner.infrastructure, resume_ner.common, resume_ner.data, "
    "resume_ner.testing)",
)


def __getattr__(name: str) -> Any:
    # A facade submodule that is not imported yet must raise here, so that the import
    # system loads it (and its warning points at the importing code).
    for home in () if name in MOVED else MOVED.values():
        module = importlib.import_module(home)
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(
        f"module {__name__!r} has no attribute {name!r} (it is deprecated and goes away in "
        f"{REMOVAL_VERSION}; see docs/migration.md)"
    )
