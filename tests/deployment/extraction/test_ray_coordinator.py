"""The coordinator's hand-over of record batches, without Ray: order, end, errors."""

from __future__ import annotations

import queue

import pytest

from resume_ner.deployment.extraction.ray_pipeline import ExtractCoordinator


def _coordinator(*items: object) -> ExtractCoordinator:
    """A coordinator whose pipeline already queued ``items`` (no thread, no Ray)."""
    coordinator = ExtractCoordinator.__new__(ExtractCoordinator)
    coordinator._queue = queue.Queue()
    coordinator._finished = False
    coordinator._error = None
    for item in items:
        coordinator._queue.put(item)
    return coordinator


def test_batches_come_out_together_then_the_end() -> None:
    coordinator = _coordinator([{"path": "a"}], [{"path": "b"}], None)
    assert coordinator.next_batches(0.01) == [[{"path": "a"}], [{"path": "b"}]]
    assert coordinator.next_batches(0.01) is None
    assert coordinator.next_batches(0.01) is None


def test_nothing_ready_yet_is_an_empty_list() -> None:
    assert _coordinator().next_batches(0.01) == []


def test_an_error_comes_after_the_batches_before_it() -> None:
    coordinator = _coordinator([{"path": "a"}], RuntimeError("pipeline broke"))
    assert coordinator.next_batches(0.01) == [[{"path": "a"}]]
    with pytest.raises(RuntimeError, match="pipeline broke"):
        coordinator.next_batches(0.01)
