"""The benchmark plot: median latency against batch size, one line per backend and length."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.shared import atomic_write_bytes

logger = logging.getLogger(__name__)


class PlotUnavailableError(RuntimeError):
    """matplotlib is not installed, so no PNG can be drawn."""


def _series(report: Mapping[str, Any]) -> dict[int, dict[str, list[tuple[int, float]]]]:
    """length -> backend -> sorted (batch size, p50 ms) points."""
    series: dict[int, dict[str, list[tuple[int, float]]]] = {}
    for cell in report["cells"]:
        points = series.setdefault(int(cell["seq_len"]), {}).setdefault(str(cell["backend"]), [])
        points.append((int(cell["batch_size"]), float(cell["p50_ms"])))
    for by_backend in series.values():
        for points in by_backend.values():
            points.sort()
    return series


def new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure on the Agg canvas (no display, no global backend switch).

    Raises:
        PlotUnavailableError: If matplotlib is not installed.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise PlotUnavailableError(f"matplotlib is not installed ({exc}); no plot drawn") from exc
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Any) -> bytes:
    """``figure``, laid out tightly, as PNG bytes."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_plot(report: Mapping[str, Any]) -> bytes:
    """A PNG with one panel per window length: p50 latency (ms) vs batch size per backend,
    both axes logarithmic.

    Raises:
        PlotUnavailableError: If matplotlib is not installed.
        ValueError: If the report has no cell.
    """
    series = _series(report)
    if not series:
        raise ValueError("the benchmark has no measured cell to plot")
    figure = new_figure(5.0 * len(series), 4.0)
    axes = figure.subplots(1, len(series), squeeze=False)[0]
    for axis, (length, by_backend) in zip(axes, sorted(series.items()), strict=True):
        batch_sizes = sorted({x for points in by_backend.values() for x, _ in points})
        for backend, points in sorted(by_backend.items()):
            xs, ys = zip(*points, strict=True)
            axis.plot(xs, ys, marker="o", label=backend)
        axis.set_title(f"{length} tokens per window")
        axis.set_xlabel("batch size (windows)")
        axis.set_ylabel("p50 latency (ms, log scale)")
        axis.set_xscale("log", base=2)
        axis.set_yscale("log")
        axis.set_xticks(batch_sizes, [str(size) for size in batch_sizes])
        axis.minorticks_off()
        axis.grid(True, alpha=0.3)
        axis.legend()
    return png_bytes(figure)


def write_plot(report: Mapping[str, Any], path: str | os.PathLike[str]) -> Path | None:
    """Write :func:`render_plot` atomically to ``path``.

    Returns:
        The path, or ``None`` (with a warning) when matplotlib is not installed or there is
        nothing to plot.
    """
    try:
        data = render_plot(report)
    except (PlotUnavailableError, ValueError) as exc:
        logger.warning("no benchmark plot: %s", exc)
        return None
    return atomic_write_bytes(path, data)
