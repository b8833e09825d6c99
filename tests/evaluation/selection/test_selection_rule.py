"""The accuracy-speed selection rule on crafted candidate tables: every branch."""

from __future__ import annotations

import pytest

from resume_ner.evaluation.selection import (
    Candidate,
    SelectionError,
    select_candidate,
    threshold,
)


def cand(trial: int, score: float, *, latency: float | None = None, count: int | None = None,
         study: str = "s") -> Candidate:  # fmt: skip
    return Candidate(study, trial, score, {"model.dropout": trial / 10}, "bb", latency, count)


def chosen_trial(candidates: list[Candidate], **kwargs: object) -> int:
    return select_candidate(candidates, **kwargs).chosen.trial  # type: ignore[arg-type]


def test_empty_table_is_an_error() -> None:
    with pytest.raises(SelectionError, match="no completed trials to select from"):
        select_candidate([], tolerance=0.01)


def test_negative_tolerance_is_an_error() -> None:
    with pytest.raises(SelectionError, match=r"selection\.tolerance must be >= 0"):
        select_candidate([cand(0, 0.5)], tolerance=-0.1)


def test_single_candidate_is_chosen_and_said_so() -> None:
    result = select_candidate([cand(4, 0.8123, latency=10)], tolerance=0.01)
    assert result.chosen.trial == 4
    assert result.params == {"model.dropout": 0.4}
    assert result.reason == "trial 4 of study s is the only candidate (span_f1 0.8123)."
    assert result.speed_source == "none"
    assert result.score_table == [
        {"study": "s", "trial": 4, "score": 0.8123, "backbone": "bb", "latency_ms": 10,
         "param_count": None, "within_tolerance": True, "chosen": True}
    ]  # fmt: skip


def test_nothing_else_within_tolerance_chooses_the_best() -> None:
    table = [cand(0, 0.70, latency=1), cand(1, 0.80, latency=50), cand(2, 0.75, latency=2)]
    result = select_candidate(table, tolerance=0.01)
    assert result.chosen.trial == 1
    assert result.reason == (
        "trial 1 of study s has the best span_f1 (0.8000); no other candidate is within "
        "0.01 (absolute, span_f1 >= 0.7900) of it, so it is chosen."
    )
    assert [row["within_tolerance"] for row in result.score_table] == [True, False, False]
    assert [row["trial"] for row in result.score_table] == [1, 2, 0]


def test_fastest_within_absolute_tolerance_wins_by_benchmark_latency() -> None:
    table = [cand(0, 0.800, latency=30), cand(1, 0.795, latency=12.5), cand(2, 0.70, latency=1)]
    result = select_candidate(table, tolerance=0.01, mode="absolute")
    assert result.chosen.trial == 1
    assert result.speed_source == "benchmark"
    assert result.reason == (
        "trial 1 of study s has the lowest benchmark latency (12.5 ms) among the 2 candidates "
        "whose span_f1 is within 0.01 (absolute, span_f1 >= 0.7900) of the best (0.8000, "
        "trial 0 of study s); its span_f1 is 0.7950."
    )
    assert [row["chosen"] for row in result.score_table] == [False, True, False]


def test_relative_and_absolute_tolerance_differ() -> None:
    # best 0.5: absolute 0.1 admits >= 0.4, relative 0.1 admits >= 0.45
    table = [cand(0, 0.50, latency=9), cand(1, 0.42, latency=1), cand(2, 0.46, latency=5)]
    assert threshold(0.5, 0.1, "relative") == pytest.approx(0.45)
    assert chosen_trial(table, tolerance=0.1, mode="absolute") == 1
    assert chosen_trial(table, tolerance=0.1, mode="relative") == 2
    relative = select_candidate(table, tolerance=0.1, mode="relative")
    assert "within 0.1 (relative, span_f1 >= 0.4500)" in relative.reason


def test_parameter_count_proxy_when_no_benchmark() -> None:
    table = [cand(0, 0.80, count=22_000_000), cand(1, 0.799, count=4_000_000)]
    result = select_candidate(table, tolerance=0.01)
    assert result.chosen.trial == 1
    assert result.speed_source == "param_count"
    assert "has the fewest parameters (4,000,000, the latency proxy) among the 2" in result.reason
    assert "Benchmark latency" not in result.reason


def test_mixed_latency_uses_the_proxy_for_all_and_says_so() -> None:
    table = [
        cand(0, 0.80, latency=1.0, count=22_000_000),  # fastest by benchmark
        cand(1, 0.799, latency=None, count=4_000_000),
    ]
    result = select_candidate(table, tolerance=0.01)
    assert result.speed_source == "param_count"
    assert result.chosen.trial == 1
    assert result.reason.endswith(
        " Benchmark latency is known for only 1 of the 2 candidates, so the parameter count "
        "is the speed proxy for all of them."
    )


def test_no_speed_information_chooses_the_best_score() -> None:
    table = [cand(0, 0.80, latency=3), cand(1, 0.799)]
    result = select_candidate(table, tolerance=0.01)
    assert result.chosen.trial == 0
    assert result.speed_source == "none"
    assert "neither benchmark latency nor parameter count is known for all of them" in (
        result.reason
    )


def test_tie_on_latency_goes_to_higher_score_then_lower_trial() -> None:
    table = [cand(5, 0.800, latency=10), cand(3, 0.795, latency=10), cand(7, 0.795, latency=10)]
    result = select_candidate(table, tolerance=0.01)
    assert result.chosen.trial == 5
    assert "It ties on speed with trial 3 of study s, trial 7 of study s; the higher span_f1" in (
        result.reason
    )
    lower = [cand(9, 0.795, latency=10), cand(3, 0.795, latency=10), cand(1, 0.9, latency=99)]
    assert chosen_trial(lower, tolerance=0.2) == 3


def test_required_sources_must_be_complete() -> None:
    table = [cand(0, 0.80, latency=3, count=5), cand(1, 0.799, count=4)]
    with pytest.raises(SelectionError) as info:
        select_candidate(table, tolerance=0.01, latency_source="benchmark")
    assert str(info.value) == (
        "selection.latency_source=benchmark, but no benchmark latency is known for "
        "trial 1 of study s"
    )
    assert chosen_trial(table, tolerance=0.01, latency_source="param_count") == 1
    missing = [cand(0, 0.80, latency=3), cand(1, 0.799, latency=1)]
    with pytest.raises(SelectionError, match="no parameter count is known for trial 0 of study s"):
        select_candidate(missing, tolerance=0.01, latency_source="param_count")


def test_candidates_across_studies() -> None:
    table = [
        cand(0, 0.81, latency=40, study="minilm"),
        cand(0, 0.805, latency=8, study="tiny"),
        cand(1, 0.70, latency=1, study="tiny"),
    ]
    result = select_candidate(table, tolerance=0.01)
    assert (result.chosen.study, result.chosen.trial) == ("tiny", 0)
    assert "best (0.8100, trial 0 of study minilm)" in result.reason
