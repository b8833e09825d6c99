"""Inter-process file locks (advisory, via the filelock package)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout


class LockTimeoutError(TimeoutError):
    """A lock could not be acquired in time; the message names the lock file."""


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str], timeout: float = 60.0) -> Iterator[Path]:
    """Hold an exclusive inter-process lock on ``path`` (a ``.lock`` file) for the block.

    Args:
        path: The lock file; its folder is created.
        timeout: Seconds to wait before raising :class:`LockTimeoutError`.

    Yields:
        The lock file path.
    """
    lock_path = Path(path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"could not lock {lock_path} within {timeout:g}s; another process holds it"
        ) from None
    try:
        yield lock_path
    finally:
        lock.release()
