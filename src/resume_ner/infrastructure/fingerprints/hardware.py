"""hardware_fp: the fingerprint of the machine a benchmark runs on (never imports torch)."""

from __future__ import annotations

import logging
import os
import platform
import shutil
from pathlib import Path

from resume_ner.common.shared.process import command_output
from resume_ner.infrastructure.fingerprints.base import Fingerprint, make_fingerprint

logger = logging.getLogger(__name__)

_NVIDIA_SMI_TIMEOUT_S = 10.0
_GIB = 1 << 30


def hardware_fp() -> Fingerprint:
    """Fingerprint the hardware (recipe: docs/fingerprints.md); never imports torch.

    Components: the CPU model, logical cores this process may use, RAM in whole GiB, the
    sorted GPU names from nvidia-smi (empty without it) and their count.
    """
    gpus = sorted(gpu_names())
    components = {
        "cpu": cpu_model(),
        "logical_cores": logical_cores(),
        "memory_gib": memory_gib(),
        "gpus": gpus,
        "gpu_count": len(gpus),
    }
    return make_fingerprint("hardware", components)


def cpu_model() -> str:
    """CPU model name, whitespace collapsed; ``"unknown"`` when nothing reports one."""
    cpuinfo = Path("/proc/cpuinfo")
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return " ".join(value.split())
    except OSError:
        pass
    name = platform.processor() or platform.machine()
    return " ".join(name.split()) or "unknown"


def logical_cores() -> int:
    """Logical cores usable by this process."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def memory_gib() -> int:
    """Total physical memory rounded to whole GiB; 0 when it cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) * 1024 / _GIB)
    except (OSError, ValueError, IndexError):
        pass
    try:
        return round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / _GIB)
    except (AttributeError, ValueError, OSError):
        return 0


def gpu_names() -> list[str]:
    """NVIDIA GPU names reported by nvidia-smi, in device order; empty without nvidia-smi."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return []
    output = command_output(
        [smi, "--query-gpu=name", "--format=csv,noheader"], _NVIDIA_SMI_TIMEOUT_S
    )
    if output is None:
        logger.warning("nvidia-smi failed, recording no GPU")
        return []
    return [" ".join(line.split()) for line in output.splitlines() if line.strip()]
