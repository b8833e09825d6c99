"""Latency statistics: linear-interpolated percentiles and timed runs, checked on a fake clock."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_ner.evaluation.benchmarking.stats import percentile, summarize, time_runs


def test_percentile_interpolates_linearly_between_closest_ranks() -> None:
    values = [40.0, 10.0, 30.0, 20.0]  # sorted: 10 20 30 40, ranks 0..3
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 50) == 25.0  # rank 1.5
    assert percentile(values, 95) == pytest.approx(38.5, abs=1e-12)  # rank 2.85
    assert percentile(values, 99) == pytest.approx(39.7, abs=1e-12)  # rank 2.97
    assert percentile([7.0], 99) == 7.0


@given(
    st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=40),
    st.floats(0, 100),
)
def test_percentile_matches_numpy_linear_method(values: list[float], q: float) -> None:
    expected = float(np.percentile(values, q, method="linear"))
    assert percentile(values, q) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_percentile_rejects_empty_input_and_bad_q() -> None:
    with pytest.raises(ValueError, match="percentile of an empty list"):
        percentile([], 50)
    with pytest.raises(ValueError, match=r"within \[0, 100\], got 101"):
        percentile([1.0], 101)


def test_time_runs_reads_the_clock_around_each_timed_call_only(
    fake_clock: Any,
) -> None:
    calls: list[str] = []
    clock = fake_clock(ticks=[10.0, 10.5, 11.0, 12.0, 20.0, 24.0])
    durations = time_runs(lambda: calls.append("work"), runs=3, warmup=2, clock=clock)
    assert durations == [0.5, 1.0, 4.0]
    assert calls == ["work"] * 5  # 2 warm-up + 3 timed
    assert clock.readings == 6


def test_summarize_gives_exact_statistics_of_fake_timings(
    fake_clock: Any,
) -> None:
    ticks = [0.0, 0.5, 1.0, 1.25, 2.0, 4.0, 4.0, 4.25]  # durations 0.5, 0.25, 2.0, 0.25 s
    durations = time_runs(lambda: None, runs=4, clock=fake_clock(ticks=ticks))
    stats = summarize(durations, items_per_run=8)
    assert stats.runs == 4
    assert stats.mean_ms == 750.0
    assert stats.p50_ms == 375.0  # sorted 250 250 500 2000, rank 1.5
    assert stats.p95_ms == pytest.approx(1775.0, abs=1e-9)  # rank 2.85: 500 + 0.85 * 1500
    assert stats.p99_ms == pytest.approx(1955.0, abs=1e-9)  # rank 2.97
    assert (stats.min_ms, stats.max_ms) == (250.0, 2000.0)
    assert stats.total_s == 3.0
    assert stats.throughput == 32 / 3.0  # 4 runs x 8 windows in 3 s
    assert stats.items_per_run == 8


def test_summarize_without_measurable_time_has_no_throughput() -> None:
    assert summarize([0.0, 0.0]).throughput is None


@pytest.mark.parametrize(
    ("durations", "items", "message"),
    [
        ([], 1, "no timed run to summarize"),
        ([0.1], 0, "items_per_run must be at least 1, got 0"),
        ([0.1, -0.2], 1, "duration of run 1 is -0.2; expected a finite value >= 0"),
        ([math.nan], 1, "duration of run 0 is nan"),
    ],
)
def test_summarize_rejects_bad_input(durations: list[float], items: int, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        summarize(durations, items_per_run=items)


def test_time_runs_rejects_bad_counts() -> None:
    with pytest.raises(ValueError, match="runs must be at least 1, got 0"):
        time_runs(lambda: None, runs=0)
    with pytest.raises(ValueError, match="warmup must be >= 0, got -1"):
        time_runs(lambda: None, runs=1, warmup=-1)
