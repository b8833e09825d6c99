"""Connecting to a Ray cluster: Ray Client's intermittent start failure is tried again."""

from __future__ import annotations

import logging
import types

import pytest

from resume_ner.deployment.extraction import ray_cluster

DIED = (
    "Initialization failure from server:\nRuntimeError: Starting Ray client server failed. "
    "See ray_client_server_23000.err for detailed logs."
)


def fake_ray(failures: list[BaseException]) -> types.SimpleNamespace:
    """A stand-in for the ray module whose ``init`` raises ``failures`` in turn, then connects."""
    calls: list[str] = []

    def init(address: str, **_: object) -> None:
        calls.append(address)
        if failures:
            raise failures.pop(0)

    return types.SimpleNamespace(init=init, calls=calls)


def test_a_client_server_that_died_at_start_is_connected_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ray = fake_ray([ConnectionAbortedError(DIED)])
    with caplog.at_level(logging.WARNING):
        ray_cluster._connect(ray, "ray://head:10001")  # type: ignore[arg-type]
    assert ray.calls == ["ray://head:10001"] * 2
    assert "failed to start a session (attempt 1 of 3)" in caplog.text


def test_it_gives_up_after_the_last_attempt() -> None:
    ray = fake_ray([ConnectionAbortedError(DIED) for _ in range(ray_cluster.CLIENT_ATTEMPTS)])
    with pytest.raises(ConnectionAbortedError, match="Starting Ray client server failed"):
        ray_cluster._connect(ray, "ray://head:10001")  # type: ignore[arg-type]
    assert len(ray.calls) == ray_cluster.CLIENT_ATTEMPTS


def test_other_connection_errors_are_not_tried_again() -> None:
    ray = fake_ray([ConnectionError("no cluster at head:10001")])
    with pytest.raises(ConnectionError, match="no cluster"):
        ray_cluster._connect(ray, "ray://head:10001")  # type: ignore[arg-type]
    assert ray.calls == ["ray://head:10001"]
