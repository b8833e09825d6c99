"""Run ``resume-ner hpo`` (with the fake trainer) in child processes, kill them, read studies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import optuna

ENTRY = Path(__file__).with_name("hpo_worker_entry.py")


def start(args: list[str], cwd: Path, epoch_s: float = 0.0) -> subprocess.Popen[str]:
    """Start ``hpo <args>`` with the fake trainer sleeping ``epoch_s`` per epoch."""
    env = {**os.environ, "HPO_FAKE_EPOCH_S": str(epoch_s), "COLUMNS": "200"}
    env.pop("MLFLOW_TRACKING_URI", None)
    return subprocess.Popen(
        [sys.executable, str(ENTRY), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> str:
    """Wait for ``process``; return its stdout, failing with its stderr on a non-zero exit."""
    out, err = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise AssertionError(f"worker exited {process.returncode}:\n{out}\n{err}")
    return out


def wait_until(check: Callable[[], object], what: str, timeout: float = 60) -> object:
    """Poll ``check`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def running_trial_of(pid: int, trials_dir: Path) -> int | None:
    """Number of a trial whose ``started`` marker was written by process ``pid``."""
    for marker in trials_dir.glob("trial-*/started"):
        try:
            owner = int(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if owner == pid and not (marker.parent / "best").exists():
            return int(marker.parent.name.removeprefix("trial-"))
    return None


def trials(url: str, study: str) -> list[optuna.trial.FrozenTrial]:
    """Every trial of ``study`` in storage ``url``."""
    storage = optuna.storages.RDBStorage(url, skip_compatibility_check=True)
    return optuna.load_study(study_name=study, storage=storage).get_trials(deepcopy=False)


def states(frozen: list[optuna.trial.FrozenTrial]) -> dict[int, str]:
    """Trial number -> state name."""
    return {trial.number: trial.state.name for trial in frozen}
