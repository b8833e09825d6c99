"""Blocking work off the event loop: bounded queue (429 when full) and a timeout (504)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from resume_ner.deployment.api.errors import ApiError

_T = TypeVar("_T")


class BoundedRunner:
    """Runs blocking calls in a small thread pool, admitting at most ``max_pending`` at once.

    A call counts as pending from admission until its thread finishes, even when the client
    already got a 504: abandoned work still occupies the pool, so it still counts.
    """

    def __init__(self, workers: int, max_pending: int, timeout_s: float, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._max_pending = max_pending
        self._timeout_s = timeout_s
        self._pending = 0
        self._lock = threading.Lock()
        self.name = name

    @property
    def pending(self) -> int:
        """Calls admitted and not yet finished."""
        return self._pending

    def _release(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, func: Callable[[], _T], what: str) -> _T:
        """Run ``func`` in the pool and await its result; ``what`` names it in the 504 message.

        Raises:
            ApiError: 429 ``queue_full`` when ``max_pending`` calls are already pending; 504
                ``timeout`` when the call takes longer than the request timeout.
        """
        with self._lock:
            if self._pending >= self._max_pending:
                raise ApiError(
                    429,
                    "queue_full",
                    f"the {self.name} queue is full ({self._max_pending} requests pending); "
                    "retry later",
                    headers={"Retry-After": "1"},
                )
            self._pending += 1
        try:
            future = self._pool.submit(func)
        except RuntimeError:
            with self._lock:
                self._pending -= 1
            raise ApiError(503, "not_ready", "the service is shutting down") from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._timeout_s)
        except TimeoutError:
            raise ApiError(
                504, "timeout", f"{what} took longer than {self._timeout_s:g} s"
            ) from None

    def shutdown(self) -> None:
        """Stop accepting work and drop calls that have not started."""
        self._pool.shutdown(wait=False, cancel_futures=True)
