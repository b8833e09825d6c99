"""A non-terminal ``resume-ner run`` prints one plain, unwrapped line per event, ours alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import resume_ner
from tiny_pipeline import tiny_pipeline_config

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")
LIBRARY = re.compile(
    r"\b(optuna|mlflow|alembic|transformers|urllib3|sqlalchemy|httpx|httpcore|filelock)"
    r"(\.\w+)*: |\[[IWE] 20\d\d-|LOAD REPORT"
)
OUTCOME = re.compile(r" INFO stage (\w+) (\w+) in \d+\.\ds$")


@pytest.fixture
def tiny_config(tmp_path: Path, tiny_backbone: Path) -> Path:
    return tiny_pipeline_config(tmp_path, tiny_backbone)


def test_run_to_a_file_reads_cleanly(tiny_config: Path) -> None:
    folder = tiny_config.parent
    src = str(Path(resume_ner.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    env.pop("COLUMNS", None)
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with out_path.open("w") as out, err_path.open("w") as err:
        done = subprocess.run(
            [sys.executable, "-m", "resume_ner.cli", "run", "--config", str(tiny_config)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            timeout=600,
            check=False,
        )
    stdout, stderr = out_path.read_text(), err_path.read_text()
    assert done.returncode == 0, stderr
    lines = stderr.splitlines() + stdout.splitlines()

    assert [line for line in lines if LIBRARY.search(line)] == []
    assert [line for line in lines if len(line) > 200] == []
    assert [line for line in lines if line.startswith(" " * 20)] == []
    # every stderr line is one whole log record: no rich wrapping, no second voice
    assert [line for line in stderr.splitlines() if not RECORD.match(line)] == []
    assert "…" not in stdout and "│ NAME" in stdout and "report: " in stdout

    outcomes = [m.groups() for line in stderr.splitlines() if (m := OUTCOME.search(line))]
    stages = ["data", "hpo", "select", "train", "convert", "bench"]
    assert [stage for stage, _ in outcomes] == stages
    assert all(state != "reused" for _, state in outcomes)
    started = Counter(line.split()[-2] for line in stderr.splitlines() if line.endswith(" started"))
    assert started == Counter(stages)

    # the libraries' INFO records are not lost: the run's log file keeps them
    log = (folder / "outputs" / "logs" / "run.log").read_text()
    assert "optuna" in log and "A new study created" in log
