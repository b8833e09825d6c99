"""Pick cuda, mps or cpu without importing torch (unless it is already imported)."""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import platform
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from resume_ner.common.shared.process import command_output

logger = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
"""Accepted device preferences."""
_NVIDIA_SMI_TIMEOUT_S = 5.0
_HIDDEN_GPU_VALUES = frozenset({"", "-1"})


@dataclass(frozen=True)
class Availability:
    """Whether a device can be used, and why not."""

    available: bool
    reason: str = ""


def cuda_availability(env: Mapping[str, str]) -> Availability:
    """Whether CUDA is usable: torch's answer when torch is imported, else cheap probes.

    Probes in order: ``CUDA_VISIBLE_DEVICES`` empty or ``-1`` hides every GPU; a CPU-only
    torch build (version ``+cpu``) cannot use one; ``nvidia-smi -L`` must list a GPU.
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        usable = bool(torch.cuda.is_available())
        return Availability(usable, "" if usable else "torch.cuda.is_available() is False")
    for probe in (_hidden_by_env, _cpu_only_torch, _no_nvidia_gpu):
        reason = probe(env)
        if reason:
            return Availability(False, reason)
    return Availability(True)


def _hidden_by_env(env: Mapping[str, str]) -> str | None:
    """Why ``CUDA_VISIBLE_DEVICES`` hides every GPU, if it does."""
    visible = env.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip() in _HIDDEN_GPU_VALUES:
        return f"CUDA_VISIBLE_DEVICES={visible!r} hides every GPU"
    return None


def _cpu_only_torch(env: Mapping[str, str]) -> str | None:
    """Why the installed torch cannot use CUDA (missing or a ``+cpu`` build), if so."""
    version = installed_torch_version()
    if version is None:
        return "torch is not installed"
    if "+cpu" in version:
        return f"the installed torch {version} is a CPU-only build"
    return None


def _no_nvidia_gpu(env: Mapping[str, str]) -> str | None:
    """Why no NVIDIA GPU is visible to ``nvidia-smi -L`` on ``PATH``, if none is."""
    exe = shutil.which("nvidia-smi", path=env.get("PATH"))
    if exe is None:
        return "nvidia-smi was not found on PATH (no NVIDIA driver)"
    if _nvidia_smi_gpu_count(exe) == 0:
        return f"{exe} -L lists no GPU"
    return None


def mps_availability() -> Availability:
    """Whether Apple's MPS is usable: macOS on arm64 (and torch agrees when imported)."""
    if sys.platform != "darwin" or platform.machine() != "arm64":
        return Availability(
            False, f"MPS needs macOS on Apple silicon, not {sys.platform} {platform.machine()}"
        )
    torch = sys.modules.get("torch")
    if torch is not None and not torch.backends.mps.is_available():
        return Availability(False, "torch.backends.mps.is_available() is False")
    return Availability(True)


def resolve_device(preference: str = "auto", env: Mapping[str, str] | None = None) -> str:
    """Turn a preference into ``cuda`` (or ``cuda:N`` as given), ``mps`` or ``cpu``.

    Args:
        preference: ``auto`` (cuda, then mps, then cpu), a device name or ``cuda:N``.
        env: Environment mapping (``CUDA_VISIBLE_DEVICES``, ``PATH``); ``os.environ`` if None.

    Raises:
        ValueError: Unknown preference, or the requested device is not available.
    """
    choice = preference.strip().lower()
    kind, _, index = choice.partition(":")
    if kind not in DEVICE_CHOICES or (index and (kind != "cuda" or not index.isdigit())):
        raise ValueError(
            f"unknown device {preference!r} (platform.device); choose one of "
            + ", ".join(DEVICE_CHOICES)
            + " or cuda:N"
        )
    if kind == "cpu":
        return "cpu"
    if kind in {"cuda", "auto"}:
        cuda = cuda_availability(os.environ if env is None else env)
        if cuda.available:
            return choice if index else "cuda"
        if kind == "cuda":
            raise ValueError(_unavailable(choice, cuda.reason))
        logger.debug("cuda not used: %s", cuda.reason)
    mps = mps_availability()
    if mps.available:
        return "mps"
    if kind == "mps":
        raise ValueError(_unavailable("mps", mps.reason))
    return "cpu"


def installed_torch_version() -> str | None:
    """Version of the installed torch distribution, read without importing it."""
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return None


def _unavailable(device: str, reason: str) -> str:
    """Message for a requested device that cannot be used."""
    return (
        f"device {device!r} was requested (platform.device) but is not available: {reason}; "
        "set platform.device to 'auto' or 'cpu'"
    )


@functools.lru_cache(maxsize=8)
def _nvidia_smi_gpu_count(exe: str) -> int:
    """GPUs listed by ``nvidia-smi -L`` (0 when it fails or times out); cached per binary."""
    listing = command_output([exe, "-L"], _NVIDIA_SMI_TIMEOUT_S) or ""
    return sum(1 for line in listing.splitlines() if line.startswith("GPU "))
