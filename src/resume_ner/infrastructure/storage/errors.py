"""Errors raised by the storage layer."""

from __future__ import annotations


class StorageError(Exception):
    """A storage location cannot be used: bad URL, missing backend, overlap or missing source."""


class SyncError(StorageError):
    """A backup, restore or fetch finished with files that could not be copied."""
