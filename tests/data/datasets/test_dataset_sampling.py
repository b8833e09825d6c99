"""LengthGroupedBatchSampler: every index once, seeded, less padding than random batches."""

from __future__ import annotations

import random

import pytest

from resume_ner.data.datasets import LengthGroupedBatchSampler, padding_waste


def _lengths(n: int = 1000, seed: int = 0) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(8, 512) for _ in range(n)]


def test_each_index_appears_exactly_once_per_epoch() -> None:
    lengths = _lengths(103)
    sampler = LengthGroupedBatchSampler(lengths, batch_size=8, seed=1)
    batches = list(sampler)
    assert sorted(i for batch in batches for i in batch) == list(range(103))
    assert len(batches) == len(sampler) == 13
    assert sorted(len(b) for b in batches)[0] == 7


def test_drop_last_drops_the_incomplete_batch() -> None:
    sampler = LengthGroupedBatchSampler(_lengths(103), batch_size=8, seed=1, drop_last=True)
    batches = list(sampler)
    assert len(batches) == len(sampler) == 12
    assert all(len(b) == 8 for b in batches)


def test_same_seed_and_epoch_repeat_other_epochs_and_seeds_differ() -> None:
    lengths = _lengths(200)
    first = LengthGroupedBatchSampler(lengths, batch_size=8, seed=5)
    again = LengthGroupedBatchSampler(lengths, batch_size=8, seed=5)
    assert list(first) == list(again)
    first.set_epoch(1)
    assert list(first) != list(again)
    assert list(LengthGroupedBatchSampler(lengths, batch_size=8, seed=6)) != list(again)


def test_longest_item_is_in_the_first_batch() -> None:
    lengths = _lengths(300)
    batches = list(LengthGroupedBatchSampler(lengths, batch_size=16, seed=2))
    assert max(lengths) in [lengths[i] for i in batches[0]]


def test_padding_waste_is_much_lower_than_random_batching() -> None:
    lengths = _lengths(2000, seed=3)
    grouped = list(LengthGroupedBatchSampler(lengths, batch_size=16, seed=0))
    order = list(range(len(lengths)))
    random.Random(0).shuffle(order)
    shuffled = [order[i : i + 16] for i in range(0, len(order), 16)]
    grouped_waste = padding_waste(grouped, lengths)
    random_waste = padding_waste(shuffled, lengths)
    assert grouped_waste < 0.2 * random_waste, (grouped_waste, random_waste)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="batch_size must be >= 1, got 0"):
        LengthGroupedBatchSampler([1, 2], batch_size=0)
    with pytest.raises(
        ValueError, match=r"mega_batch_size \(4\) must be at least batch_size \(8\)"
    ):
        LengthGroupedBatchSampler([1, 2], batch_size=8, mega_batch_size=4)
    assert list(LengthGroupedBatchSampler([], batch_size=4)) == []
