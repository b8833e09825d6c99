"""The selection rule: the fastest candidate whose score is within tolerance of the best.

Among candidates whose score is within the tolerance of the best (absolute:
``score >= best - tol``; relative: ``score >= best * (1 - tol)``), the one with the lowest
latency wins. Latency is the benchmark latency when every such candidate has one, else the
parameter count as a proxy (for all of them, said in the reason); ties go to the higher
score, then the lower trial number. Pure logic: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SpeedSource = Literal["benchmark", "param_count", "none"]
ToleranceMode = Literal["absolute", "relative"]
LatencySource = Literal["auto", "benchmark", "param_count"]

_EPS = 1e-12


class SelectionError(ValueError):
    """Nothing can be selected (no candidates, missing speed data, bad selection file)."""


@dataclass(frozen=True)
class Candidate:
    """One completed trial that may be selected: its objective ``score`` (higher is better),
    dotted-key ``params``, and what is known of its backbone, benchmark latency, parameter
    count (the speed proxy) and spec fingerprint."""

    study: str
    trial: int
    score: float
    params: Mapping[str, Any] = field(default_factory=dict)
    backbone: str | None = None
    latency_ms: float | None = None
    param_count: int | None = None
    spec_fp: str | None = None

    @property
    def label(self) -> str:
        """``trial 3 of study s``."""
        return f"trial {self.trial} of study {self.study}"


@dataclass(frozen=True)
class SelectionResult:
    """The chosen candidate, its dotted config overrides, the score table (one row per
    candidate, best score first, with ``within_tolerance`` and ``chosen`` flags), a sentence
    saying why, and the rule's settings."""

    chosen: Candidate
    params: dict[str, Any]
    score_table: list[dict[str, Any]]
    reason: str
    metric: str = "span_f1"
    tolerance: float = 0.0
    tolerance_mode: ToleranceMode = "absolute"
    speed_source: SpeedSource = "none"


def threshold(best: float, tolerance: float, mode: ToleranceMode) -> float:
    """Lowest score still within tolerance of ``best``."""
    return best - tolerance if mode == "absolute" else best * (1.0 - tolerance)


def _speed_source(within: Sequence[Candidate], requested: LatencySource) -> tuple[SpeedSource, str]:
    """Which speed measure compares ``within``, and a note when it is a fallback."""
    has_latency = [c for c in within if c.latency_ms is not None]
    has_count = [c for c in within if c.param_count is not None]
    if requested == "benchmark" or (requested == "auto" and len(has_latency) == len(within)):
        missing = [c.label for c in within if c.latency_ms is None]
        if missing:
            raise SelectionError(
                "selection.latency_source=benchmark, but no benchmark latency is known for "
                + ", ".join(missing)
            )
        return "benchmark", ""
    if requested == "param_count" or len(has_count) == len(within):
        missing = [c.label for c in within if c.param_count is None]
        if missing:
            raise SelectionError(
                "selection.latency_source=param_count, but no parameter count is known for "
                + ", ".join(missing)
            )
        note = ""
        if requested == "auto" and has_latency:
            note = (
                f" Benchmark latency is known for only {len(has_latency)} of the {len(within)} "
                "candidates, so the parameter count is the speed proxy for all of them."
            )
        return "param_count", note
    return "none", ""


def _speed_of(source: SpeedSource) -> Callable[[Candidate], float]:
    if source == "benchmark":
        return lambda c: float(c.latency_ms or 0.0)
    if source == "param_count":
        return lambda c: float(c.param_count or 0)
    return lambda c: 0.0


def _describe_speed(candidate: Candidate, source: SpeedSource) -> str:
    if source == "benchmark":
        return f"the lowest benchmark latency ({candidate.latency_ms:.4g} ms)"
    return f"the fewest parameters ({candidate.param_count:,}, the latency proxy)"


def select_candidate(
    candidates: Sequence[Candidate],
    *,
    tolerance: float,
    mode: ToleranceMode = "absolute",
    latency_source: LatencySource = "auto",
    metric: str = "span_f1",
) -> SelectionResult:
    """Choose a candidate by the accuracy-speed rule of the module docstring.

    ``latency_source`` ``benchmark`` or ``param_count`` requires that measure of every
    candidate within tolerance; ``metric`` names the score in the reason.

    Raises:
        SelectionError: With no candidates, a negative tolerance, or a required speed
            measure missing for a candidate within tolerance.
    """
    if not candidates:
        raise SelectionError("no completed trials to select from")
    if tolerance < 0:
        raise SelectionError(f"selection.tolerance must be >= 0, got {tolerance:g}")
    ranked = sorted(candidates, key=lambda c: (-c.score, c.trial, c.study))
    best = ranked[0]
    floor = threshold(best.score, tolerance, mode)
    within = [c for c in ranked if c.score >= floor - _EPS]
    rule = f"{tolerance:g} ({mode}, {metric} >= {floor:.4f})"
    source: SpeedSource = "none"
    if len(ranked) == 1:
        chosen = best
        reason = f"{best.label} is the only candidate ({metric} {best.score:.4f})."
    elif len(within) == 1:
        chosen = best
        reason = (
            f"{best.label} has the best {metric} ({best.score:.4f}); no other candidate is "
            f"within {rule} of it, so it is chosen."
        )
    else:
        source, note = _speed_source(within, latency_source)
        chosen, reason = _trade_off(within, best, source, metric, rule)
        reason += note
    return SelectionResult(
        chosen=chosen,
        params=dict(chosen.params),
        score_table=_table(ranked, within, chosen),
        reason=reason,
        metric=metric,
        tolerance=tolerance,
        tolerance_mode=mode,
        speed_source=source,
    )


def _trade_off(
    within: Sequence[Candidate],
    best: Candidate,
    source: SpeedSource,
    metric: str,
    rule: str,
) -> tuple[Candidate, str]:
    count = len(within)
    if source == "none":
        return best, (
            f"{best.label} has the best {metric} ({best.score:.4f}); {count} candidates are "
            f"within {rule}, but neither benchmark latency nor parameter count is known for "
            "all of them, so the best score is chosen."
        )
    speed = _speed_of(source)
    chosen = min(within, key=lambda c: (speed(c), -c.score, c.trial, c.study))
    ties = [c for c in within if c is not chosen and speed(c) == speed(chosen)]
    reason = (
        f"{chosen.label} has {_describe_speed(chosen, source)} among the {count} candidates "
        f"whose {metric} is within {rule} of the best ({best.score:.4f}, {best.label}); "
        f"its {metric} is {chosen.score:.4f}."
    )
    if ties:
        others = ", ".join(c.label for c in ties)
        reason += (
            f" It ties on speed with {others}; the higher {metric}, then the lower trial "
            "number, breaks the tie."
        )
    return chosen, reason


def _table(
    ranked: Sequence[Candidate], within: Sequence[Candidate], chosen: Candidate
) -> list[dict[str, Any]]:
    inside = {id(c) for c in within}
    return [
        {
            "study": c.study,
            "trial": c.trial,
            "score": c.score,
            "backbone": c.backbone,
            "latency_ms": c.latency_ms,
            "param_count": c.param_count,
            "within_tolerance": id(c) in inside,
            "chosen": c is chosen,
        }
        for c in ranked
    ]
