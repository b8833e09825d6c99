"""Resolve a local path or fsspec URL into a filesystem and path, with clear errors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import split_protocol, url_to_fs
from fsspec.registry import known_implementations

from resume_ner.infrastructure.storage.errors import StorageError

_LOCAL_PROTOCOLS = frozenset({"file", "local"})
_COMMON_PROTOCOLS = "file://, memory://, s3://, gs://, az://, abfs://, sftp://"


@dataclass(frozen=True)
class Location:
    """A resolved storage location.

    Attributes:
        url: The location as the user gave it (used in messages).
        fs: The fsspec filesystem serving it.
        path: The path inside ``fs`` (protocol stripped, no trailing slash).
        local: Whether it is a plain local path (then ``local_path`` is set).
    """

    url: str
    fs: fsspec.AbstractFileSystem
    path: str
    local: bool

    @property
    def local_path(self) -> Path:
        """The location as a local :class:`Path` (only for local locations).

        Raises:
            StorageError: The location is remote.
        """
        if not self.local:
            raise StorageError(f"{self.url!r} is not a local path")
        return Path(self.path)


def is_local(path_or_url: str | os.PathLike[str]) -> bool:
    """Whether ``path_or_url`` is a local path (no protocol, ``file://`` or ``local://``)."""
    text = os.fspath(path_or_url)
    if "::" in text:
        return False
    protocol, _ = split_protocol(text)
    return protocol is None or protocol in _LOCAL_PROTOCOLS


def resolve(
    path_or_url: str | os.PathLike[str], storage_options: Mapping[str, Any] | None = None
) -> Location:
    """Resolve a local path or fsspec URL.

    Local paths (also ``file://`` URLs and mounted folders such as ``/content/drive/...``) are
    made absolute. Remote URLs need their fsspec backend installed (``s3fs`` for ``s3://``,
    ``gcsfs`` for ``gs://``, ``adlfs`` for ``az://``).

    Args:
        path_or_url: A local path or a URL such as ``memory://backups/run1``.
        storage_options: Keyword arguments for the remote filesystem (credentials, endpoint).

    Returns:
        The resolved location.

    Raises:
        StorageError: Unknown protocol, or its backend package is not installed.
    """
    text = os.fspath(path_or_url)
    if not text:
        raise StorageError("empty storage location: give a local path or a URL")
    if is_local(text):
        _, bare = split_protocol(text)
        local = Path(bare).expanduser().absolute()
        return Location(url=text, fs=fsspec.filesystem("file"), path=local.as_posix(), local=True)
    for part in text.split("::"):
        protocol, _ = split_protocol(part)
        if protocol is not None:
            _check_protocol(protocol, text)
    try:
        fs, path = url_to_fs(text, **dict(storage_options or {}))
    except ImportError as exc:
        protocol = split_protocol(text)[0] or ""
        raise StorageError(_missing_backend_message(protocol, text, exc)) from exc
    except (TypeError, ValueError) as exc:
        raise StorageError(f"cannot open storage location {text!r}: {exc}") from exc
    return Location(url=text, fs=fs, path=path.rstrip("/") or "/", local=False)


def _check_protocol(protocol: str, url: str) -> None:
    """Raise a clear error for a protocol fsspec does not know."""
    if protocol not in fsspec.available_protocols():
        raise StorageError(
            f"unknown storage protocol {protocol!r} in {url!r}; use a local path or a URL "
            f"such as {_COMMON_PROTOCOLS} (see fsspec.available_protocols())"
        )


def _missing_backend_message(protocol: str, url: str, exc: ImportError) -> str:
    """Name the package that provides ``protocol``."""
    spec = known_implementations.get(protocol, {})
    module = str(spec.get("class", "")).split(".", 1)[0]
    if module and module != "fsspec":
        return (
            f"cannot open {url!r}: protocol {protocol!r} needs the package {module!r}, "
            f"which is not installed (pip install {module})"
        )
    hint = spec.get("err") or str(exc)
    return f"cannot open {url!r}: the backend of protocol {protocol!r} is missing: {hint}"
