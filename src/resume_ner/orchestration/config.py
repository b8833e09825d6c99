"""Deprecated old name of ``resume_ner.infrastructure.config`` (see docs/migration.md)."""

from resume_ner.infrastructure.config import *  # noqa: F403
from resume_ner.infrastructure.config import __all__ as _moved_names
from resume_ner.orchestration._deprecation import warn_moved

__all__ = list(_moved_names)

warn_moved(__name__, "resume_ner.infrastructure.config")
