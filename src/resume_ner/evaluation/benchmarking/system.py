"""What the machine offers a benchmark: CPU flags, bf16 support and peak resident memory."""

from __future__ import annotations

import logging
import resource
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

CPUINFO = Path("/proc/cpuinfo")
"""Where Linux lists the CPU flags."""
PROC_STATUS = Path("/proc/self/status")
"""This process's memory counters (``VmHWM`` is the peak resident set size)."""
CLEAR_REFS = Path("/proc/self/clear_refs")
"""Writing ``5`` here resets ``VmHWM`` (Linux 4.0+)."""
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")
"""CPU flags of native bf16 arithmetic; either one makes CPU bf16 worth measuring."""


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The CPU feature flags of the first processor in ``cpuinfo`` (empty when unreadable)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"flags", "Features"}:
            return frozenset(value.split())
    return frozenset()


def bf16_support(device: str, cpuinfo: Path = CPUINFO) -> str | None:
    """Why bf16 cannot be benchmarked on ``device``, or ``None`` when it can.

    On CUDA it asks ``torch.cuda.is_bf16_supported()``; on CPU it needs one of
    :data:`BF16_CPU_FLAGS` in ``cpuinfo`` (without them bf16 is emulated and meaningless).
    """
    if device.startswith("cuda"):
        import torch

        if torch.cuda.is_bf16_supported():
            return None
        return f"{torch.cuda.get_device_name(device)} does not support bf16"
    if device != "cpu":
        return f"bf16 is only benchmarked on cpu or cuda, not {device!r}"
    flags = cpu_flags(cpuinfo)
    if flags & set(BF16_CPU_FLAGS):
        return None
    return f"the CPU has none of the bf16 flags {', '.join(BF16_CPU_FLAGS)} (read {cpuinfo})"


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process; ``False`` where that is impossible."""
    try:
        CLEAR_REFS.write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB.

    ``VmHWM`` from ``/proc/self/status`` (which :func:`reset_peak_rss` can reset) where it
    exists, else ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (peak since start).
    """
    try:
        for line in PROC_STATUS.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
