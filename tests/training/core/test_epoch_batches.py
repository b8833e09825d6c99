"""epoch_batches: every index once, seeded by (seed, epoch), less padding when grouped."""

from __future__ import annotations

import random

import pytest

from resume_ner.training.core.batching import epoch_batches


def _lengths(n: int = 1000, seed: int = 0) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(8, 512) for _ in range(n)]


def _waste(batches: list[list[int]], lengths: list[int]) -> int:
    return sum(max(lengths[i] for i in b) - lengths[i] for b in batches for i in b)


@pytest.mark.parametrize("grouped", [True, False])
def test_each_index_appears_exactly_once_per_epoch(grouped: bool) -> None:
    batches = epoch_batches(_lengths(103), 8, seed=1, epoch=0, group_by_length=grouped)
    assert sorted(i for batch in batches for i in batch) == list(range(103))
    assert len(batches) == 13
    assert sorted(len(b) for b in batches)[0] == 7


@pytest.mark.parametrize("grouped", [True, False])
def test_same_seed_and_epoch_repeat_other_epochs_and_seeds_differ(grouped: bool) -> None:
    lengths = _lengths(200)
    first = epoch_batches(lengths, 8, seed=5, epoch=0, group_by_length=grouped)
    assert first == epoch_batches(lengths, 8, seed=5, epoch=0, group_by_length=grouped)
    assert first != epoch_batches(lengths, 8, seed=5, epoch=1, group_by_length=grouped)
    assert first != epoch_batches(lengths, 8, seed=6, epoch=0, group_by_length=grouped)


def test_longest_item_is_in_the_first_batch() -> None:
    lengths = _lengths(300)
    batches = epoch_batches(lengths, 16, seed=2, epoch=3, group_by_length=True)
    assert max(lengths) in [lengths[i] for i in batches[0]]


def test_grouping_wastes_much_less_padding_than_shuffling() -> None:
    lengths = _lengths(2000, seed=3)
    grouped = _waste(epoch_batches(lengths, 16, seed=0, epoch=0, group_by_length=True), lengths)
    shuffled = _waste(epoch_batches(lengths, 16, seed=0, epoch=0, group_by_length=False), lengths)
    assert grouped < 0.2 * shuffled, (grouped, shuffled)


def test_invalid_batch_size_and_no_windows() -> None:
    with pytest.raises(ValueError, match="batch_size must be >= 1, got 0"):
        epoch_batches([1, 2], 0, seed=0, epoch=0, group_by_length=True)
    assert epoch_batches([], 4, seed=0, epoch=0, group_by_length=True) == []
