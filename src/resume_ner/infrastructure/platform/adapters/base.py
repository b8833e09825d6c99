"""The platform adapter protocol, its shared base and the platform error."""

from __future__ import annotations

import abc
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from resume_ner.infrastructure.platform.adapters.device import resolve_device


class PlatformError(ValueError):
    """A platform or device was asked for that does not exist or is not available here."""


@runtime_checkable
class PlatformAdapter(Protocol):
    """Where outputs go, which tracking store to use and which device to train on."""

    @property
    def name(self) -> str:
        """Platform name: ``local``, ``colab``, ``kaggle`` or ``azureml``."""
        ...

    def output_root(self, configured: str) -> Path:
        """The absolute output root for the configured ``paths`` root on this platform."""
        ...

    def default_tracking_uri(self, output_root: Path) -> str | None:
        """The platform's MLflow tracking URI; ``None`` means the embedded SQLite store."""
        ...

    def device(self, preference: str = "auto") -> str:
        """``cuda``, ``mps`` or ``cpu`` for ``preference`` (``auto`` picks the best one)."""
        ...


class AdapterBase(abc.ABC):
    """Shared behaviour: environment mapping, embedded tracking, device detection."""

    name = "base"

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        """Use ``env`` (default: a snapshot of ``os.environ``) for every decision."""
        self.env: dict[str, str] = dict(os.environ if env is None else env)

    @abc.abstractmethod
    def output_root(self, configured: str) -> Path:
        """The absolute output root for the configured ``paths`` root on this platform."""

    def default_tracking_uri(self, output_root: Path) -> str | None:
        """``None``: track into the embedded SQLite store under ``output_root``."""
        return None

    def device(self, preference: str = "auto") -> str:
        """Resolve ``preference`` to an available device without importing torch.

        Raises:
            PlatformError: Unknown preference, or the requested device is not available.
        """
        try:
            return resolve_device(preference, self.env)
        except ValueError as exc:
            raise PlatformError(f"{self.name}: {exc}") from exc

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def under(base: Path, configured: str) -> Path:
    """``configured`` when absolute (``~`` expanded), else ``base / configured``."""
    path = Path(configured).expanduser()
    return path if path.is_absolute() else base / path
