"""PNG plots of the run report: training curves, per-label test F1 and latency."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from resume_ner.common.shared import atomic_write_bytes
from resume_ner.evaluation.benchmarking.plot import (
    PlotUnavailableError,
    new_figure,
    png_bytes,
    render_plot,
)

if TYPE_CHECKING:
    from resume_ner.reporting.sections import EpochPoint, LabelScore, LatencyRow, RunReport

logger = logging.getLogger(__name__)

CURVES_FILE = "training_curves.png"
"""Train loss and validation span-F1 per epoch."""
LABELS_FILE = "per_label_f1.png"
"""Test span-F1 per label."""
LATENCY_FILE = "latency.png"
"""p50 latency against batch size per backend (the benchmark's own plot)."""


def render_curves(history: list[EpochPoint]) -> bytes:
    """Two panels: train loss per epoch, validation span-F1 per epoch (when validated).

    Raises:
        ValueError: If no epoch has a train loss or a validation score.
    """
    losses = [(p.epoch, p.train_loss) for p in history if p.train_loss is not None]
    scores = [(p.epoch, p.span_f1) for p in history if p.span_f1 is not None]
    panels = [
        (name, points)
        for name, points in (("train loss", losses), ("validation span-F1", scores))
        if points
    ]
    if not panels:
        raise ValueError("no epoch has a train loss or a validation score")
    figure = new_figure(4.5 * len(panels), 3.5)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for axis, (name, points) in zip(axes, panels, strict=True):
        xs, ys = zip(*points, strict=True)
        axis.plot(xs, ys, marker="o")
        axis.set_title(name)
        axis.set_xlabel("epoch")
        axis.set_xticks(list(xs))
        axis.grid(True, alpha=0.3)
    return png_bytes(figure)


def render_label_f1(labels: list[LabelScore]) -> bytes:
    """Horizontal bars of test span-F1 per label.

    Raises:
        ValueError: If there is no label.
    """
    if not labels:
        raise ValueError("no per-label score")
    figure = new_figure(6.0, 0.8 + 0.35 * len(labels))
    axis = figure.subplots()
    names = [row.label for row in reversed(labels)]
    bars = axis.barh(names, [row.f1 for row in reversed(labels)], color="tab:blue")
    axis.bar_label(bars, fmt="%.2f", padding=3)
    axis.set_xlim(0.0, 1.1)
    axis.set_axisbelow(True)
    axis.set_xlabel("test span-F1")
    axis.grid(True, axis="x", alpha=0.3)
    return png_bytes(figure)


def render_latency(rows: list[LatencyRow]) -> bytes:
    """The benchmark plot (p50 latency vs batch size per backend and window length).

    Raises:
        ValueError: If there is no latency cell.
    """
    return render_plot({"cells": [asdict(row) for row in rows]})


def write_plots(run_report: RunReport, folder: Path) -> dict[str, Path]:
    """Write every plot the report has numbers for into ``folder``, atomically.

    Returns:
        Plot name (``curves``, ``labels``, ``latency``) -> file; empty without matplotlib.
    """
    jobs: list[tuple[str, str, Callable[[], bytes]]] = []
    training, benchmark = run_report.training, run_report.benchmark
    if training is not None:
        jobs.append(("curves", CURVES_FILE, partial(render_curves, training.history)))
        jobs.append(("labels", LABELS_FILE, partial(render_label_f1, training.labels)))
    if benchmark is not None:
        jobs.append(("latency", LATENCY_FILE, partial(render_latency, benchmark.latency)))
    written: dict[str, Path] = {}
    for name, file_name, render in jobs:
        try:
            data = render()
        except PlotUnavailableError as exc:
            logger.warning("no report plots: %s", exc)
            return written
        except ValueError as exc:
            logger.info("report plot %s skipped: %s", name, exc)
            continue
        written[name] = atomic_write_bytes(folder / file_name, data)
    return written
