"""Interrupted variants (failed or killed) resume from their last checkpoint in their own folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from execution_helpers import layout_of, tiny_overrides

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.shared import file_lock
from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.metadata import MetadataIndex, read_metadata, save_run
from resume_ner.infrastructure.tracking.callbacks import Callback
from resume_ner.training.execution import run_final_training

MakeConfig = Callable[..., ResumeNerConfig]


class Crash(Callback):
    """Raises at the end of ``epoch`` (before that epoch's checkpoint is written)."""

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        if epoch >= self.epoch:
            raise RuntimeError(f"crash in epoch {epoch}")
        return None


def _trainer_epoch(run_dir: Path) -> int:
    return int(json.loads((run_dir / "last" / "trainer_state.json").read_text())["epoch"])


def test_a_killed_variant_resumes_from_its_last_checkpoint(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.epochs=3", "training.early_stopping_patience=null")
    layout = layout_of(config)
    with pytest.raises(RuntimeError, match="crash in epoch 2"):
        run_final_training(config, layout, workdir, callbacks=[Crash(2)])
    [run_dir] = (layout.root / "training" / "bert").glob("*/v1")
    failed = read_metadata(run_dir)
    assert failed.status == StageStatus.FAILED and _trainer_epoch(run_dir) == 1
    assert "model" not in failed.artifacts
    failed.status = StageStatus.RUNNING  # what SIGKILL leaves: no chance to record a failure
    failed.timings.finished_at = None
    save_run(run_dir, failed, MetadataIndex(layout.root))

    resumed = run_final_training(config, layout, workdir)
    assert resumed.state == "resumed" and resumed.run_dir == run_dir
    assert resumed.resumed_from_epoch == 1 and resumed.variant == 1
    meta = read_metadata(run_dir)
    assert meta.status == StageStatus.COMPLETED and meta.run_id == failed.run_id
    assert meta.extra["attempts"] == 2 and meta.extra["resumed"] is True
    assert _trainer_epoch(run_dir) == 3
    assert len(json.loads((run_dir / "metrics.json").read_text())["history"]) == 3
    assert not run_dir.with_name("v2").exists()
    assert run_final_training(config, layout, workdir).reused


def test_a_failed_variant_resumes_unless_locked_or_forced(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.epochs=2", "training.early_stopping_patience=null")
    layout = layout_of(config)
    with pytest.raises(RuntimeError):
        run_final_training(config, layout, workdir, callbacks=[Crash(1)])
    [v1] = (layout.root / "training" / "bert").glob("*/v1")
    with file_lock(v1 / ".train.lock"), pytest.raises(RuntimeError):  # v1 busy elsewhere
        run_final_training(config, layout, workdir, callbacks=[Crash(1)])
    v2 = v1.with_name("v2")
    assert read_metadata(v2).status == StageStatus.FAILED
    resumed = run_final_training(config, layout, workdir)  # newest interrupted variant first
    assert resumed.run_dir == v2 and resumed.state == "resumed"
    assert resumed.resumed_from_epoch == 0  # it crashed before its first checkpoint
    forced = run_final_training(config, layout, workdir, force=True)
    assert forced.run_dir == v1.with_name("v3") and forced.state == "trained"
    assert read_metadata(v1).status == StageStatus.FAILED


CHILD = """
import os, signal, sys
from pathlib import Path
from resume_ner.infrastructure.config import load_config
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking.callbacks import Callback
from resume_ner.training.execution import run_final_training


class Kill(Callback):
    def on_epoch_end(self, epoch, metrics):
        if epoch >= 2:
            os.kill(os.getpid(), signal.SIGKILL)


config = load_config((), sys.argv[1:], env={})
run_final_training(config, OutputLayout.from_config(config.paths), Path.cwd(), callbacks=[Kill()])
"""


@pytest.mark.slow
def test_a_variant_killed_with_sigkill_resumes(tiny_backbone: Path, workdir: Path) -> None:
    overrides = [
        *tiny_overrides(tiny_backbone, workdir / "out"),
        "training.epochs=3",
        "training.early_stopping_patience=null",
    ]
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), *overrides],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.returncode == -9, child.stderr[-2000:]
    config = load_config((), overrides, env={})
    layout = layout_of(config)
    [entry] = [e for e in MetadataIndex(layout.root).all() if e.stage == Stage.TRAIN]
    assert entry.status == StageStatus.RUNNING
    run_dir = layout.root / entry.run_dir
    assert _trainer_epoch(run_dir) == 1

    resumed = run_final_training(config, layout, workdir)
    assert resumed.run_dir == run_dir and resumed.resumed_from_epoch == 1
    assert read_metadata(run_dir).status == StageStatus.COMPLETED
    assert _trainer_epoch(run_dir) == 3
