"""A SQLite study resumes after its process is killed with -9 mid-trial; the trial is retried."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from hpo_fakes import write_config
from hpo_procs import finish, running_trial_of, start, states, trials, wait_until


def test_resume_after_kill_9_retries_the_killed_trial(tmp_path: Path) -> None:
    config = write_config(tmp_path, epochs=3, n_trials=4, extra="  keep_checkpoints: all\n")
    trials_dir = tmp_path / "out" / "hpo" / "resume-ner-hpo" / "trials"
    url = f"sqlite:///{tmp_path}/out/optuna.db"
    first = start(["--config", str(config)], tmp_path, epoch_s=0.4)
    killed = wait_until(
        lambda: (
            (trials_dir / "trial-0" / "best").exists() and running_trial_of(first.pid, trials_dir)
        ),
        "the second trial to start",
    )
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert states(trials(url, "resume-ner-hpo"))[killed] == "RUNNING"
    time.sleep(2.5)  # heartbeat 1 s: the trial is stale after 2 s
    out = finish(start(["--config", str(config)], tmp_path))
    final = trials(url, "resume-ner-hpo")
    by_number = states(final)
    assert by_number[killed] == "FAIL"
    retries = [t for t in final if t.system_attrs.get("failed_trial") == killed]
    assert len(retries) == 1
    assert retries[0].state.name in {"COMPLETE", "PRUNED"}
    assert retries[0].params == next(t.params for t in final if t.number == killed)
    assert "RUNNING" not in by_number.values() and "WAITING" not in by_number.values()
    finished = [n for n, s in by_number.items() if s in {"COMPLETE", "PRUNED"}]
    assert len(finished) == 4
    assert "this run: 3" in out
