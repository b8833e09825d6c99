"""CPU flags, the bf16 decision and peak resident memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.evaluation.benchmarking.system import (
    bf16_support,
    cpu_flags,
    peak_rss_mb,
    reset_peak_rss,
)

CPUINFO = """processor\t: 0
model name\t: Test CPU
flags\t\t: fpu sse2 avx2 {extra}

processor\t: 1
flags\t\t: fpu
"""


def _cpuinfo(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "cpuinfo"
    path.write_text(CPUINFO.format(extra=extra), encoding="utf-8")
    return path


def test_cpu_flags_come_from_the_first_processor(tmp_path: Path) -> None:
    assert cpu_flags(_cpuinfo(tmp_path, "avx512_bf16")) == {"fpu", "sse2", "avx2", "avx512_bf16"}
    assert cpu_flags(tmp_path / "absent") == frozenset()


def test_bf16_needs_native_cpu_support(tmp_path: Path) -> None:
    assert bf16_support("cpu", _cpuinfo(tmp_path, "avx512_bf16")) is None
    assert bf16_support("cpu", _cpuinfo(tmp_path, "amx_bf16 amx_tile")) is None
    path = _cpuinfo(tmp_path, "avx512f")
    assert bf16_support("cpu", path) == (
        f"the CPU has none of the bf16 flags avx512_bf16, amx_bf16 (read {path})"
    )
    assert bf16_support("mps") == "bf16 is only benchmarked on cpu or cuda, not 'mps'"


def test_peak_rss_follows_a_large_allocation_and_resets() -> None:
    if not reset_peak_rss():
        pytest.skip("this system cannot reset the peak-RSS counter (/proc/self/clear_refs)")
    base = peak_rss_mb()
    block = bytearray(64 * 1024 * 1024)
    block[::4096] = b"\x01" * len(range(0, len(block), 4096))  # write to every page
    assert peak_rss_mb() >= base + 60
    del block
    assert reset_peak_rss()
    assert peak_rss_mb() < base + 60
