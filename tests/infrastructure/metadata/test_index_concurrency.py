"""Several processes record into one index at once: every record lands, none is torn."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from resume_ner.common.constants.files import INDEX_FILE
from resume_ner.infrastructure.metadata import MetadataIndex

WORKERS = 4
RUNS_PER_WORKER = 50

_WORKER = """
import sys, time
from pathlib import Path
from resume_ner.common.constants import Stage, StageStatus
from resume_ner.infrastructure.metadata import MetadataIndex, RunMetadata, save_run

root, worker, runs, go = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
index = MetadataIndex(root)
while not go.exists():
    time.sleep(0.005)
for n in range(runs):
    meta = RunMetadata(
        stage=Stage.TRAIN,
        status=StageStatus.COMPLETED,
        backbone=f"worker{worker}",
        fingerprints={"spec_fp": f"{worker:02x}{n:02x}" * 16},
        extra={"padding": "x" * (n * 97)},
    )
    save_run(root / "training" / f"w{worker}" / f"r{n}", meta, index)
"""


def test_four_processes_record_fifty_runs_each(tmp_path: Path) -> None:
    root = tmp_path / "out"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(root), str(w), str(RUNS_PER_WORKER), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    time.sleep(0.5)
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err

    lines = (root / INDEX_FILE).read_bytes().split(b"\n")
    assert lines[-1] == b""
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == WORKERS * RUNS_PER_WORKER

    index = MetadataIndex(root)
    entries = index.all()
    assert len({e.run_id for e in entries}) == WORKERS * RUNS_PER_WORKER
    for w in range(WORKERS):
        mine = [e for e in entries if e.backbone == f"worker{w}"]
        assert len(mine) == RUNS_PER_WORKER
    sample = index.find(spec_fp=f"{3:02x}{49:02x}" * 16)
    assert len(sample) == 1
    assert index.load(sample[0]).extra["padding"] == "x" * (49 * 97)
