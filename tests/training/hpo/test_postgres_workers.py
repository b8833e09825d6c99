"""Scale-out proof: `hpo worker` processes sharing one study on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hpo_fakes import write_config
from hpo_procs import finish, running_trial_of, start, states, trials, wait_until
from postgres_server import find_bin_dir, postgres_cluster

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on 127.0.0.1 for this module."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin "
            "or on PATH; install Debian's 'postgresql' package"
        )
    with postgres_cluster(bin_dir) as url:
        yield url


def _worker(study: str, url: str, config: Path, n: int) -> list[str]:
    return [
        "worker",
        "--study",
        study,
        "--storage",
        url,
        "--config",
        str(config),
        "--n-trials",
        str(n),
    ]


def test_two_workers_share_one_study(tmp_path: Path, postgres_url: str) -> None:
    config = write_config(tmp_path, epochs=2, n_trials=100)
    workers = [
        start(_worker("shared", postgres_url, config, 4), tmp_path, epoch_s=0.2) for _ in range(2)
    ]
    outputs = [finish(worker) for worker in workers]
    final = trials(postgres_url, "shared")
    numbers = [trial.number for trial in final]
    assert sorted(numbers) == list(range(8))
    assert len({trial._trial_id for trial in final}) == 8
    assert all(trial.state.name in {"COMPLETE", "PRUNED"} for trial in final)
    assert all("this run: 4" in out for out in outputs)
    starts = sorted((t.datetime_start, t.datetime_complete) for t in final)
    overlapping = any(b[0] < a[1] for a, b in itertools.pairwise(starts))
    assert overlapping, "the two workers never ran trials at the same time"


def test_killed_worker_trial_is_retried_by_a_resumed_worker(
    tmp_path: Path, postgres_url: str
) -> None:
    config = write_config(tmp_path, epochs=4, n_trials=100, extra="  keep_checkpoints: all\n")
    trials_dir = tmp_path / "out" / "hpo" / "killed" / "trials"
    victim = start(_worker("killed", postgres_url, config, 3), tmp_path, epoch_s=0.5)
    survivor = start(_worker("killed", postgres_url, config, 2), tmp_path, epoch_s=0.3)
    killed = wait_until(lambda: running_trial_of(victim.pid, trials_dir), "the victim's trial")
    time.sleep(0.3)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    finish(survivor)
    time.sleep(2.5)  # heartbeat 1 s: stale after 2 s
    resumed = finish(start(_worker("killed", postgres_url, config, 2), tmp_path))
    final = trials(postgres_url, "killed")
    by_number = states(final)
    assert by_number[killed] == "FAIL"
    retries = [t for t in final if t.system_attrs.get("failed_trial") == killed]
    assert len(retries) == 1 and retries[0].state.name in {"COMPLETE", "PRUNED"}
    assert retries[0].params == next(t.params for t in final if t.number == killed)
    assert "RUNNING" not in by_number.values() and "WAITING" not in by_number.values()
    assert len(by_number) == len(final)  # no duplicate numbers
    assert "this run: 2" in resumed


def test_real_workers_train_a_tiny_model(tmp_path: Path, postgres_url: str) -> None:
    """Two `resume-ner hpo worker` processes with the real training loop on a tiny model."""
    from resume_ner.testing.fixtures import build_tiny_backbone

    backbone = build_tiny_backbone(tmp_path / "tiny", hidden_size=16)
    top = "\n".join(
        [
            "data.max_length: 64",
            "data.stride: 8",
            "training.batch_size: 4",
            "training.num_threads: 1",
            f'model: {{backbone: "{backbone}"}}',
            "platform: {device: cpu}",
        ]
    )
    config = write_config(tmp_path, epochs=2, n_trials=100, top=top)
    command = [sys.executable, "-c", "from resume_ner.cli.hpo_cmd import app; app()"]
    env = {**os.environ, "COLUMNS": "200"}
    workers = [
        subprocess.Popen(
            [*command, *_worker("real", postgres_url, config, 1)],
            cwd=tmp_path,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        assert "this run: 1" in out
    final = trials(postgres_url, "real")
    assert sorted(t.number for t in final) == [0, 1]
    assert all(t.state.name in {"COMPLETE", "PRUNED"} for t in final)
    complete = [t for t in final if t.state.name == "COMPLETE"]
    assert complete and all(t.user_attrs["param_count"] > 1000 for t in complete)
