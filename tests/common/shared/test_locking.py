"""Tests of the inter-process file lock with real processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from resume_ner.common.shared.locking import LockTimeoutError, file_lock


def _increment(counter: str, lock: str, times: int) -> None:
    for _ in range(times):
        with file_lock(lock):
            path = Path(counter)
            value = int(path.read_text()) if path.exists() else 0
            path.write_text(str(value + 1))


def test_processes_never_lose_an_update(tmp_path: Path) -> None:
    counter, lock = tmp_path / "counter", tmp_path / "counter.lock"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_increment, args=(str(counter), str(lock), 50)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    assert counter.read_text() == "200"


def _hold(lock: str, ready: str, seconds: float) -> None:
    import time

    with file_lock(lock):
        Path(ready).touch()
        time.sleep(seconds)


def test_timeout_names_the_lock_file(tmp_path: Path) -> None:
    lock, ready = tmp_path / "held.lock", tmp_path / "ready"
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_hold, args=(str(lock), str(ready), 5.0))
    proc.start()
    try:
        import time

        deadline = time.monotonic() + 60
        while not ready.exists():
            assert time.monotonic() < deadline, "holder never took the lock"
            time.sleep(0.05)
        with (
            pytest.raises(LockTimeoutError, match=rf"could not lock {lock} within 0.2s"),
            file_lock(lock, timeout=0.2),
        ):
            pass
    finally:
        proc.join(timeout=60)
