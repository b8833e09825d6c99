"""Deprecated old name of ``resume_ner.testing`` (see docs/migration.md)."""

from resume_ner.orchestration._deprecation import warn_moved
from resume_ner.testing import *  # noqa: F403
from resume_ner.testing import __all__ as _moved_names

__all__ = list(_moved_names)

warn_moved(__name__, "resume_ner.testing")
