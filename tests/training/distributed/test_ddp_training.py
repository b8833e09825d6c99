"""Data-parallel training on two CPU ranks (gloo) equals one rank on the global batch.

One torchrun job trains every run of :func:`ddp_runs.plan` on two ranks; the test process
trains the one-rank references itself (dropout 0, so only summation order differs).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch
from ddp_launch import torchrun
from ddp_runs import plan, run
from filelock import FileLock
from safetensors.torch import load_file

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def two_ranks(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The plan and the results of its two-rank job (run once per session, xdist included;
    every worker then trains its references from the same backbone folder)."""
    base = tmp_path_factory.getbasetemp()
    # xdist workers share the session's folder above their own
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ddp-training"
    shared.mkdir(exist_ok=True)
    with FileLock(str(shared / ".lock")):
        results = shared / "results-2r.json"
        spec_file = shared / "plan.json"
        if not results.is_file():
            spec = plan(str(tiny_backbone), shared)
            spec_file.write_text(json.dumps(spec), encoding="utf-8")
            done = torchrun([str(HERE / "ddp_runs.py"), str(spec_file)], cwd=shared)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
    return {"spec": spec, "results": json.loads(results.read_text(encoding="utf-8"))}


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return load_file(str(folder / "last" / "model.safetensors"))


def _largest_difference(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    assert a.keys() == b.keys()
    return max(float((a[name] - b[name]).abs().max()) for name in a)


def _reference(two_ranks: dict[str, Any], name: str, tmp_path: Path, scale: int = 2) -> Path:
    spec = {**two_ranks["spec"], "root": str(tmp_path)}
    run(spec, name, 1, batch_scale=scale)
    return tmp_path / f"{name}-1r"


def test_one_step_of_two_ranks_equals_one_step_of_one_rank_with_twice_the_batch(
    two_ranks: dict[str, Any], tmp_path: Path
) -> None:
    ours = _weights(Path(two_ranks["spec"]["root"]) / "step-2r")
    same_batch = _weights(_reference(two_ranks, "step", tmp_path / "2b"))
    half_batch = _weights(_reference(two_ranks, "step", tmp_path / "b", scale=1))
    assert _largest_difference(ours, same_batch) < 1e-5
    assert _largest_difference(ours, half_batch) > 1e-4  # the comparison can tell batches apart


def test_steps_with_an_empty_rank_in_the_last_batch_and_accumulation_match_too(
    two_ranks: dict[str, Any], tmp_path: Path
) -> None:
    ours = _weights(Path(two_ranks["spec"]["root"]) / "tail-2r")
    theirs = _weights(_reference(two_ranks, "tail", tmp_path))
    assert _largest_difference(ours, theirs) < 1e-5
    history = two_ranks["results"]["tail"]["history"]
    reference = json.loads((tmp_path / "tail-1r" / "last" / "trainer_state.json").read_text())
    assert history[0]["train_loss"] == pytest.approx(reference["history"][0]["train_loss"], 1e-5)
    assert history[0]["learning_rate"] == reference["history"][0]["learning_rate"]


def test_two_ranks_reach_the_validation_f1_of_one_rank_on_the_same_global_batch(
    two_ranks: dict[str, Any], tmp_path: Path
) -> None:
    ours = two_ranks["results"]["f1"]["history"]
    reference_dir = _reference(two_ranks, "f1", tmp_path)
    theirs = json.loads((reference_dir / "last" / "trainer_state.json").read_text())["history"]
    assert len(ours) == len(theirs) == 5
    assert max(epoch["span_f1"] for epoch in theirs) > 0.1  # it does learn spans
    # The same optimisation up to float summation order (dropout is 0): the scores agree to
    # 0.02 span-F1, a margin for a rare flipped tag near a tie on 4 validation documents.
    for mine, other in zip(ours, theirs, strict=True):
        assert mine["span_f1"] == pytest.approx(other["span_f1"], abs=0.02)
        assert mine["token_accuracy"] == pytest.approx(other["token_accuracy"], abs=0.02)
        assert mine["train_loss"] == pytest.approx(other["train_loss"], rel=1e-3)


def test_a_checkpoint_of_two_ranks_resumes_on_one_with_the_schedule_moved(
    two_ranks: dict[str, Any], tmp_path: Path
) -> None:
    root = Path(two_ranks["spec"]["root"])
    assert "interrupted after epoch 2" in two_ranks["results"]["resume"]["interrupted"]
    state = json.loads((root / "resume-2r" / "last" / "trainer_state.json").read_text())
    assert (state["epoch"], state["world_size"], state["finished"]) == (1, 2, False)

    resumed_dir = tmp_path / "resume-1r"
    shutil.copytree(root / "resume-2r", resumed_dir)
    spec = {**two_ranks["spec"], "root": str(tmp_path)}
    resumed = run(spec, "resume", 1)
    uninterrupted = run({**spec, "root": str(tmp_path / "fresh")}, "resume", 1)

    assert (resumed.resumed_from_epoch, resumed.epochs_run) == (1, 3)
    final = json.loads((resumed_dir / "last" / "trainer_state.json").read_text())
    assert (final["world_size"], final["finished"]) == (1, True)
    # At the epoch boundary the same share of the run is done: from there the learning rate
    # follows the one-rank schedule exactly (not the two-rank one, which would end early).
    for epoch in (1, 2):
        assert resumed.history[epoch]["learning_rate"] == pytest.approx(
            uninterrupted.history[epoch]["learning_rate"], rel=1e-9
        )
    assert resumed.history[1]["learning_rate"] > 0
