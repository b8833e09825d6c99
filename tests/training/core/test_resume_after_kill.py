"""A run killed with SIGKILL resumes from its last checkpoint to the uninterrupted result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig
from resume_ner.training.core.loop import train

SETTINGS = {
    "epochs": 3,
    "batch_size": 4,
    "learning_rate": 5e-3,
    "num_threads": 1,
    "early_stopping_patience": None,
    "gradient_accumulation_steps": 2,
    "seed": 11,
}

# The child trains like the parent, but hangs after epoch 2 has been trained and before its
# checkpoint is written, so the parent kills it with epoch 1 the last checkpoint on disk.
CHILD = """
import sys, time
from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig
from resume_ner.infrastructure.tracking.callbacks import Callback
from resume_ner.training.core.loop import train


class Hang(Callback):
    def on_epoch_end(self, epoch, metrics):
        if epoch >= 2:
            time.sleep(600)


docs = generate_resumes(8, seed=5)
train(
    model_config=ModelConfig(backbone=sys.argv[1], dropout=0.2),
    training_config=TrainingConfig(**{settings}),
    data_config=DataConfig(max_length=64, stride=16),
    train_documents=docs[:6],
    validation_documents=docs[6:],
    schema=LabelSchema.canonical(),
    output_dir=sys.argv[2],
    callbacks=[Hang()],
    device="cpu",
)
"""


def _run(backbone: Path, output: Path):  # type: ignore[no-untyped-def]
    docs = generate_resumes(8, seed=5)
    return train(
        model_config=ModelConfig(backbone=str(backbone), dropout=0.2),
        training_config=TrainingConfig(**SETTINGS),
        data_config=DataConfig(max_length=64, stride=16),
        train_documents=docs[:6],
        validation_documents=docs[6:],
        schema=LabelSchema.canonical(),
        output_dir=output,
        device="cpu",
    )


def _last_epoch(output: Path) -> int:
    try:
        return int(json.loads((output / "last" / "trainer_state.json").read_text())["epoch"])
    except (OSError, ValueError, KeyError):
        return 0


def test_killed_run_resumes_to_the_same_result(tiny_backbone: Path, tmp_path: Path) -> None:
    reference = _run(tiny_backbone, tmp_path / "uninterrupted")

    killed = tmp_path / "killed"
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD).replace("{settings}", repr(SETTINGS)))
    child = subprocess.Popen(
        [sys.executable, str(script), str(tiny_backbone), str(killed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _last_epoch(killed) < 1:
            if child.poll() is not None:
                pytest.fail(f"child exited early: {child.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                pytest.fail("no epoch-1 checkpoint within 120 s")
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    assert _last_epoch(killed) == 1

    resumed = _run(tiny_backbone, killed)

    assert resumed.resumed_from_epoch == 1
    assert resumed.epochs_run == reference.epochs_run == 3
    assert resumed.best_epoch == reference.best_epoch
    for ours, theirs in zip(resumed.history, reference.history, strict=True):
        assert ours["train_loss"] == pytest.approx(theirs["train_loss"], rel=1e-5)
        assert ours["span_f1"] == pytest.approx(theirs["span_f1"], abs=1e-9)
        assert ours["learning_rate"] == pytest.approx(theirs["learning_rate"])
    for folder in ("last", "best"):
        ours = load_file(str(killed / folder / "model.safetensors"))
        theirs = load_file(str(tmp_path / "uninterrupted" / folder / "model.safetensors"))
        assert ours.keys() == theirs.keys()
        for name in ours:
            assert torch.allclose(ours[name], theirs[name], atol=1e-6), name
