"""Per-epoch batches of training windows, seeded by epoch, and each rank's share of a batch."""

from __future__ import annotations

import random
from collections.abc import Sequence

MEGA_BATCHES = 50
"""Batches' worth of windows sorted by length together when grouping by length."""


def epoch_batches(
    lengths: Sequence[int], batch_size: int, seed: int, epoch: int, group_by_length: bool
) -> list[list[int]]:
    """Window indices per batch for one epoch; the same for the same seed and epoch.

    With ``group_by_length`` the shuffled indices are cut into mega-batches of
    ``MEGA_BATCHES * batch_size``, each sorted by length (longest first) and cut into
    batches whose order is shuffled again, the batch with the longest window first (memory
    problems show at the first step): little padding while the order still changes every
    epoch. Otherwise the order is a seeded shuffle. Depending only on ``(seed, epoch)`` is
    what lets a resumed run see the same batches.

    Raises:
        ValueError: If ``batch_size`` is below 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    order = list(range(len(lengths)))
    if not group_by_length:
        random.Random(f"batches/{seed}/{epoch}").shuffle(order)
        return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng = random.Random(f"length-grouped/{seed}/{epoch}")
    rng.shuffle(order)
    mega = MEGA_BATCHES * batch_size
    grouped = [
        i
        for start in range(0, len(order), mega)
        for i in sorted(order[start : start + mega], key=lambda i: -lengths[i])
    ]
    batches = [grouped[i : i + batch_size] for i in range(0, len(grouped), batch_size)]
    rng.shuffle(batches)
    if batches:
        longest = max(range(len(batches)), key=lambda b: max(lengths[i] for i in batches[b]))
        batches.insert(0, batches.pop(longest))
    return batches


def shard(batch: Sequence[int], rank: int, world: int) -> list[int]:
    """Rank ``rank``'s contiguous share of a global batch cut into ``world`` near-equal parts.

    Shares differ by at most one window (the first ones are longer); a batch shorter than
    ``world`` leaves the last ranks empty. One rank gets the whole batch.
    """
    if world <= 1:
        return list(batch)
    size, extra = divmod(len(batch), world)
    start = rank * size + min(rank, extra)
    return list(batch[start : start + size + (rank < extra)])
