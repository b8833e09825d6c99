"""The parts of data-parallel training that need no second process: shards, the global loss,
the schedule of a resume on another number of ranks, the world from the environment."""

from __future__ import annotations

import pytest
import torch

from resume_ner.infrastructure.config import load_config
from resume_ner.training.core.batching import shard
from resume_ner.training.core.distributed import (
    SINGLE,
    RankZeroFailed,
    World,
    from_env,
    pack_error,
    unpack,
)
from resume_ner.training.core.leader import with_job_shape
from resume_ner.training.core.model import token_loss
from resume_ner.training.core.optim import make_scheduler, retarget_schedule


def test_shards_are_contiguous_near_equal_and_cover_the_batch() -> None:
    batch = [7, 3, 9, 1, 4]
    shards = [shard(batch, rank, 2) for rank in range(2)]
    assert shards == [[7, 3, 9], [1, 4]]
    assert [shard(batch, rank, 3) for rank in range(3)] == [[7, 3], [9, 1], [4]]
    assert [shard([5], rank, 2) for rank in range(2)] == [[5], []]  # a short last batch
    assert shard(batch, 0, 1) == batch


def test_shard_losses_over_the_global_count_add_up_to_the_batch_mean() -> None:
    torch.manual_seed(0)
    logits = torch.randn(4, 6, 5)
    labels = torch.randint(0, 5, (4, 6))
    labels[1, 2:] = -100
    labels[3, :] = -100  # a window with nothing labelled
    total = int((labels != -100).sum())
    parts = [token_loss(logits[i : i + 2], labels[i : i + 2], total=total) for i in (0, 2)]
    assert float(sum(parts)) == pytest.approx(float(token_loss(logits, labels)), rel=1e-6)
    assert float(token_loss(logits[3:], labels[3:], total=0)) == 0.0


def _optimizer() -> torch.optim.Optimizer:
    return torch.optim.AdamW([torch.nn.Parameter(torch.zeros(2))], lr=1.0)


def test_a_schedule_restored_on_another_step_count_continues_at_the_same_point() -> None:
    two_ranks = make_scheduler(_optimizer(), warmup_ratio=0.1, total_steps=15)  # 5 per epoch
    for _ in range(5):
        two_ranks.optimizer.step()
        two_ranks.step()
    state = two_ranks.state_dict()

    one_rank = make_scheduler(_optimizer(), warmup_ratio=0.1, total_steps=30)  # 10 per epoch
    one_rank.load_state_dict(state)
    assert retarget_schedule(one_rank, 0.1, total_steps=30, step=10)
    fresh = make_scheduler(_optimizer(), warmup_ratio=0.1, total_steps=30)
    for _ in range(10):
        fresh.optimizer.step()
        fresh.step()
    assert one_rank.get_last_lr() == pytest.approx(fresh.get_last_lr())
    assert one_rank.optimizer.param_groups[0]["lr"] == pytest.approx(fresh.get_last_lr()[0])
    assert not retarget_schedule(fresh, 0.1, total_steps=30, step=10)  # same run: untouched


def test_the_world_comes_from_torchrun_variables() -> None:
    assert from_env({}) is SINGLE and from_env({"WORLD_SIZE": "1", "RANK": "0"}) is SINGLE
    env = {"WORLD_SIZE": "4", "RANK": "3", "LOCAL_RANK": "1", "LOCAL_WORLD_SIZE": "2"}
    world = from_env(env)
    assert world == World(3, 4, 1, 2) and world.enabled and not world.is_main
    assert world.local_device("cuda") == "cuda:1" and world.local_device("cpu") == "cpu"
    with pytest.raises(ValueError, match="environment variable RANK='x' is not an integer"):
        from_env({"WORLD_SIZE": "2", "RANK": "x"})
    with pytest.raises(ValueError, match="RANK=2 is outside WORLD_SIZE=2"):
        from_env({"WORLD_SIZE": "2", "RANK": "2"})


def test_one_process_runs_every_helper_in_place() -> None:
    assert SINGLE.sum(1.5, 2) == [1.5, 2] and SINGLE.max(3.0) == 3.0
    assert SINGLE.broadcast({"a": 1}) == {"a": 1} and SINGLE.on_main(lambda: 7) == 7
    model = torch.nn.Linear(2, 2)
    assert SINGLE.wrap(model, "cpu") is model and SINGLE.local_device("cuda:1") == "cuda:1"


def test_errors_of_rank_zero_travel_as_themselves_or_as_text() -> None:
    assert unpack(("ok", 5)) == 5
    with pytest.raises(ValueError, match="bad input"):
        unpack(("error", pack_error(ValueError("bad input"))))

    class Local(Exception):  # a class the other ranks could not import
        pass

    with pytest.raises(RankZeroFailed, match="rank 0 failed: Local: lost"):
        unpack(("error", pack_error(Local("lost"))))


def test_a_job_shape_overrides_the_configured_one(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config((), [], env={})
    assert with_job_shape(config) is config  # one process: as configured
    for name, value in {"WORLD_SIZE": "4", "RANK": "0", "LOCAL_WORLD_SIZE": "2"}.items():
        monkeypatch.setenv(name, value)
    shaped = with_job_shape(config)
    assert (shaped.training.nproc_per_node, shaped.training.nnodes) == (2, 2)
    assert with_job_shape(shaped) is shaped
