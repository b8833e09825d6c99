"""Trackers used from several threads and processes at once, on one SQLite store."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from resume_ner.infrastructure.tracking import MlflowTracker
from tracking_reads import find_runs, run_summary


def test_threads_nest_under_their_own_parents(sqlite_tracker: MlflowTracker) -> None:
    results: dict[str, tuple[str, list[str]]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker(name: str) -> None:
        try:
            with sqlite_tracker.stage_run("threads", name) as parent:
                barrier.wait(timeout=30)
                kids = []
                for i in range(2):
                    with sqlite_tracker.stage_run("threads", f"{name}-{i}", nested=True) as kid:
                        kids.append(kid.run_id)
                        barrier.wait(timeout=30)
                results[name] = (parent.run_id, kids)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    for parent_id, kids in results.values():
        for kid in kids:
            assert run_summary(sqlite_tracker, kid).parent_run_id == parent_id


def test_two_processes_share_a_fresh_store(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig
from resume_ner.infrastructure.tracking import make_tracker

tracker = make_tracker(TrackingConfig(), Path({str(tmp_path)!r}), env={{}})
for i in range(3):
    with tracker.stage_run("shared", f"{{sys.argv[1]}}-{{i}}", tags={{"worker": sys.argv[1]}}) as r:
        r.log_metrics({{"i": i}})
"""
    env = {**os.environ, "MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT": "true"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, name], stderr=subprocess.PIPE, text=True, env=env
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    tracker = MlflowTracker(f"sqlite:///{(tmp_path / 'mlflow.db').as_posix()}")
    assert len(find_runs(tracker, "shared", {"worker": "a"}, status="FINISHED")) == 3
    assert len(find_runs(tracker, "shared", {"worker": "b"}, status="FINISHED")) == 3
