"""The deprecation policy of the facade: where each old module moved and when it disappears."""

from __future__ import annotations

import warnings

from resume_ner import __version__

MOVED: dict[str, str] = {
    "azureml": "resume_ner.infrastructure.platform.azureml",
    "config": "resume_ner.infrastructure.config",
    "constants": "resume_ner.common.constants",
    "data_assets": "resume_ner.data.assets",
    "fingerprints": "resume_ner.infrastructure.fingerprints",
    "metadata": "resume_ner.infrastructure.metadata",
    "naming": "resume_ner.infrastructure.naming",
    "paths": "resume_ner.infrastructure.paths",
    "platform_adapters": "resume_ner.infrastructure.platform.adapters",
    "shared": "resume_ner.common.shared",
    "storage": "resume_ner.infrastructure.storage",
    "testing": "resume_ner.testing",
    "tracking": "resume_ner.infrastructure.tracking",
}
"""Old module under ``resume_ner.orchestration`` -> the module that replaces it."""

DEPRECATION_WINDOW = 2
"""Minor releases a deprecated import keeps working."""


def removal_version(current: str = __version__, window: int = DEPRECATION_WINDOW) -> str:
    """The release in which the facade disappears: ``window`` minor releases after ``current``.

    >>> removal_version("0.1.0")
    '0.3.0'
    """
    major, minor = (int(part) for part in current.split(".")[:2])
    return f"{major}.{minor + window}.0"


REMOVAL_VERSION = removal_version()
"""The release without ``resume_ner.orchestration``."""

_warned: set[str] = set()


def deprecation_message(old: str, new: str) -> str:
    """The text of the warning for importing ``old`` instead of ``new``."""
    return (
        f"{old} is deprecated and will be removed in resume-ner {REMOVAL_VERSION}; "
        f"import {new} instead (see docs/migration.md)"
    )


def warn_moved(old: str, new: str) -> None:
    """Warn once per process that module ``old`` moved to ``new``.

    Called at the top level of a facade module; the warning points at the code that
    imported it (import machinery frames are skipped by ``warnings``).
    """
    if old in _warned:
        return
    _warned.add(old)
    # 1: this function, 2: the facade module body, 3: the importing code.
    warnings.warn(deprecation_message(old, new), DeprecationWarning, stacklevel=3)
