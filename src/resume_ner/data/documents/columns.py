"""Reading order of a page from its character boxes: one column, or two split by a gutter.

Pure geometry in PDF points (origin bottom-left, y up). A page is two-column when an
empty vertical strip (the gutter) runs between text on its left and text on its right down
most of the text's height; lines that cross it (a full-width name or summary) split the page
into bands, each read left column first, then right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from statistics import median

Box = tuple[float, float, float, float]
"""left, bottom, right, top."""

GUTTER_RANGE = (0.2, 0.8)
"""The gutter lies between these fractions of the page width."""
MAX_CROSSING_SHARE = 0.15
"""At most this share of text lines may cross the gutter."""
MIN_COLUMN_LINES = 5
"""Each column holds text on at least this many lines."""
MIN_GUTTER_HEIGHTS = 1.5
"""The gutter is at least this many (median) character heights wide."""
WORD_GAP_HEIGHTS = 1.0
"""Boxes closer than this many character heights on a line count as one run of text."""


@dataclass(frozen=True)
class _Line:
    bottom: float
    top: float
    runs: tuple[tuple[float, float], ...]


def _lines(boxes: Sequence[Box], height: float) -> list[_Line]:
    """Boxes grouped into text lines (top to bottom), each with its merged runs of text."""
    ordered = sorted(boxes, key=lambda box: -(box[1] + box[3]) / 2)
    groups: list[list[Box]] = []
    span = (0.0, 0.0)
    for box in ordered:
        # A box joins the line above when most of it lies within the line's span, so that
        # periods, hyphens and descenders stay on their line.
        overlap = min(span[1], box[3]) - max(span[0], box[1])
        if groups and overlap >= min(box[3] - box[1], height) / 2:
            groups[-1].append(box)
            span = (min(span[0], box[1]), max(span[1], box[3]))
        else:
            groups.append([box])
            span = (box[1], box[3])
    lines = []
    for group in groups:
        runs: list[list[float]] = []
        for left, _, right, _ in sorted(group):
            if runs and left - runs[-1][1] <= height * WORD_GAP_HEIGHTS:
                runs[-1][1] = max(runs[-1][1], right)
            else:
                runs.append([left, right])
        bottom, top = min(b[1] for b in group), max(b[3] for b in group)
        lines.append(_Line(bottom, top, tuple((a, b) for a, b in runs)))
    return lines


def _crosses(line: _Line, gutter: tuple[float, float]) -> bool:
    return any(left < gutter[1] and right > gutter[0] for left, right in line.runs)


def _gutter(lines: Sequence[_Line], width: float, height: float) -> tuple[float, float] | None:
    """The widest strip in the middle of the page crossed by the fewest lines (at most
    ``MAX_CROSSING_SHARE`` of them), if it has enough lines of text on either side."""
    start, stop = (round(width * share) for share in GUTTER_RANGE)
    steps = [0] * (stop - start + 1)
    for line in lines:
        for left, right in line.runs:
            first, last = max(start, int(left)), min(stop, int(right) + 1)
            if first < last:
                steps[first - start] += 1
                steps[last - start] -= 1
    crossings = list(accumulate(steps[:-1]))
    allowed = int(len(lines) * MAX_CROSSING_SHARE)
    fewest = min(crossings, default=allowed + 1)
    if fewest > allowed:
        return None
    best: tuple[float, float] | None = None
    x = 0
    while x < len(crossings):
        if crossings[x] > fewest:
            x += 1
            continue
        end = x
        while end < len(crossings) and crossings[end] == fewest:
            end += 1
        if best is None or end - x > best[1] - best[0]:
            best = (float(start + x), float(start + end))
        x = end
    if best is None or best[1] - best[0] < height * MIN_GUTTER_HEIGHTS:
        return None
    left = sum(1 for line in lines if any(run[1] <= best[0] for run in line.runs))
    right = sum(1 for line in lines if any(run[0] >= best[1] for run in line.runs))
    crossing = sum(1 for line in lines if _crosses(line, best))
    if min(left, right) < MIN_COLUMN_LINES or crossing > allowed:
        return None
    return best


def reading_regions(boxes: Sequence[Box], width: float) -> list[Box] | None:
    """Rectangles to read one after the other, in reading order, or None for one column.

    Args:
        boxes: The page's character boxes (empty boxes of generated spaces left out).
        width: The page width.

    Returns:
        For a two-column page, each band's left column then its right column, and the lines
        that cross the gutter as full-width rectangles, top to bottom; None otherwise.
    """
    boxes = [box for box in boxes if box[2] > box[0] and box[3] > box[1]]
    if not boxes:
        return None
    height = median(box[3] - box[1] for box in boxes)
    lines = _lines(boxes, height)
    gutter = _gutter(lines, width, height)
    if gutter is None:
        return None
    middle = (gutter[0] + gutter[1]) / 2
    # Horizontal cuts halfway between neighbouring lines, so that no character is read twice.
    cuts = [lines[0].top + height]
    cuts += [(upper.bottom + lower.top) / 2 for upper, lower in pairwise(lines)]
    cuts.append(lines[-1].bottom - height)
    regions: list[Box] = []
    band_top: float | None = None
    for index, line in enumerate(lines):
        if _crosses(line, gutter):
            if band_top is not None:
                regions += _band(band_top, cuts[index], middle, width)
                band_top = None
            regions.append((0.0, cuts[index + 1], width, cuts[index]))
        elif band_top is None:
            band_top = cuts[index]
    if band_top is not None:
        regions += _band(band_top, cuts[-1], middle, width)
    return regions


def _band(top: float, bottom: float, middle: float, width: float) -> list[Box]:
    return [(0.0, bottom, middle, top), (middle, bottom, width, top)]
