"""Latency statistics of timed runs (mean, linear-interpolated percentiles, throughput)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Clock = Callable[[], float]
"""A monotonic clock in seconds (``time.perf_counter`` unless a test injects one)."""

PERCENTILE_METHOD = (
    "linear interpolation between closest ranks: the q-th percentile of n sorted values lies "
    "at rank (n - 1) * q / 100, between the two neighbouring values (numpy's default "
    "'linear' method, Hyndman-Fan type 7)"
)
"""How p50/p95/p99 are computed; recorded in every benchmark report."""


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of ``values`` by linear interpolation between closest ranks.

    With the values sorted as ``v[0] <= ... <= v[n-1]``, the percentile sits at rank
    ``r = (n - 1) * q / 100``; the result is ``v[floor(r)] + (v[ceil(r)] - v[floor(r)]) *
    (r - floor(r))``. So p0 is the minimum, p100 the maximum and p50 the usual median.

    Raises:
        ValueError: With no value or ``q`` outside ``[0, 100]``.
    """
    if not values:
        raise ValueError("percentile of an empty list of values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be within [0, 100], got {q}")
    ordered = sorted(float(v) for v in values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LatencyStats:
    """Summary of timed runs that each processed ``items_per_run`` items: durations in ms
    (percentiles by :data:`PERCENTILE_METHOD`), and ``throughput`` in items per second over
    all runs (``None`` when the runs took no measurable time)."""

    runs: int
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    min_ms: float
    max_ms: float
    total_s: float
    items_per_run: int
    throughput: float | None


def summarize(durations_s: Sequence[float], items_per_run: int = 1) -> LatencyStats:
    """Latencies in ms and throughput in items/s of run durations given in seconds.

    Raises:
        ValueError: With no duration, a negative or non-finite one, or ``items_per_run < 1``.
    """
    if not durations_s:
        raise ValueError("no timed run to summarize")
    if items_per_run < 1:
        raise ValueError(f"items_per_run must be at least 1, got {items_per_run}")
    for index, value in enumerate(durations_s):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"duration of run {index} is {value!r}; expected a finite value >= 0")
    total = float(sum(durations_s))
    runs = len(durations_s)
    milliseconds = [1000.0 * d for d in durations_s]
    return LatencyStats(
        runs=runs,
        mean_ms=sum(milliseconds) / runs,
        p50_ms=percentile(milliseconds, 50),
        p95_ms=percentile(milliseconds, 95),
        p99_ms=percentile(milliseconds, 99),
        min_ms=min(milliseconds),
        max_ms=max(milliseconds),
        total_s=total,
        items_per_run=items_per_run,
        throughput=runs * items_per_run / total if total > 0 else None,
    )


def time_runs(
    work: Callable[[], object], *, runs: int, warmup: int = 0, clock: Clock = time.perf_counter
) -> list[float]:
    """Call ``work`` ``warmup`` times untimed, then ``runs`` times timed with ``clock``.

    Returns:
        The duration of each timed call, in seconds.

    Raises:
        ValueError: If ``runs < 1`` or ``warmup < 0``.
    """
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    if warmup < 0:
        raise ValueError(f"warmup must be >= 0, got {warmup}")
    for _ in range(warmup):
        work()
    durations = []
    for _ in range(runs):
        start = clock()
        work()
        durations.append(clock() - start)
    return durations
