"""Import Ray with a clear error, and connect to a cluster (or start a private one) for a run."""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

logger = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'resume-ner[ray]'"
"""How to get the Ray engine's dependencies."""
CONNECT_TIMEOUT_S = 10.0
"""Wait for a TCP connection to a ``host:port`` address before handing it to Ray (which
retries an unreachable GCS for minutes)."""
CLIENT_ATTEMPTS = 3
"""Tries of a ``ray://`` connection whose per-client server died while starting."""
_CLIENT_SERVER_DIED = "Starting Ray client server failed"
"""What Ray Client says when the per-client server it forks dies at start (an intermittent
Ray bug, ray-project/ray#63202: empty logs, a new connection usually works)."""
_HOST_PORT = re.compile(r"(?:ray://)?\[?(?P<host>[^\]]+?)\]?:(?P<port>\d+)")


def import_ray() -> ModuleType:
    """The ``ray`` module with Ray Data loaded.

    Raises:
        ImportError: Naming the extra to install when Ray (or Ray Data) is missing.
    """
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ImportError(
            f"the Ray engine needs Ray Data, which is not installed ({exc}): {INSTALL_HINT}"
        ) from None
    return ray


def _check_cpus(ray: ModuleType, needed: int) -> None:
    """Warn when the cluster has fewer CPUs than the actors plus one reading task need."""
    available = int(ray.cluster_resources().get("CPU", 0))
    if available < needed:
        logger.warning(
            "the Ray cluster has %d CPUs; the actors and one reading task need %d: the run "
            "waits for an autoscaler to add nodes (lower --actors or --threads otherwise)",
            available,
            needed,
        )


def _check_reachable(address: str) -> None:
    """Fail fast when nothing listens at a ``host:port`` or ``ray://host:port`` address."""
    match = _HOST_PORT.fullmatch(address)
    if match is None:
        return
    host, port = match["host"], int(match["port"])
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise ConnectionError(
            f"could not connect to the Ray cluster at {address}: nothing answers at "
            f"{host}:{port} ({exc})"
        ) from None


def _connect(ray: ModuleType, address: str) -> None:
    """``ray.init(address)``, tried again when Ray Client's per-client server died at start."""
    for attempt in range(1, CLIENT_ATTEMPTS + 1):
        try:
            ray.init(address=address, logging_level=logging.WARNING)
            return
        except ConnectionError as exc:
            if _CLIENT_SERVER_DIED not in str(exc) or attempt == CLIENT_ATTEMPTS:
                raise
            logger.warning(
                "the Ray Client server at %s failed to start a session (attempt %d of %d); "
                "connecting again",
                address,
                attempt,
                CLIENT_ATTEMPTS,
            )


@contextmanager
def ray_session(address: str | None, cpus: int) -> Iterator[ModuleType]:
    """Ray, connected for the duration of the block.

    A session this process already holds (``ray.init`` called before) is used as it is and
    left open. ``address`` ``None`` starts a private local instance with at least ``cpus``
    logical CPUs (``RAY_ADDRESS`` is not consulted) and stops it afterwards; any other address
    (``auto``, ``host:port``, ``ray://host:10001``) connects, and disconnects afterwards.

    Raises:
        ImportError: When Ray is not installed.
        ConnectionError: Naming ``address`` when no cluster answers there.
    """
    ray = import_ray()
    if ray.is_initialized():
        _check_cpus(ray, cpus)
        yield ray
        return
    options = {"logging_level": logging.WARNING, "include_dashboard": False}
    if address is not None:
        _check_reachable(address)
    try:
        if address is None:
            local_cpus = max(os.cpu_count() or 1, cpus)
            ray.init(address="local", num_cpus=local_cpus, **options)
        else:
            _connect(ray, address)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = "a local Ray instance" if address is None else f"the Ray cluster at {address}"
        raise ConnectionError(f"could not connect to {where}: {exc}") from None
    try:
        _check_cpus(ray, cpus)
        yield ray
    finally:
        ray.shutdown()
