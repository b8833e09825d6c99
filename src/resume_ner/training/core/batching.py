"""Per-epoch batches of training windows: length-grouped or plainly shuffled, seeded by epoch."""

from __future__ import annotations

import random
from collections.abc import Sequence


def epoch_batches(
    lengths: Sequence[int], batch_size: int, seed: int, epoch: int, group_by_length: bool
) -> list[list[int]]:
    """Window indices per batch for one epoch; the same for the same seed and epoch.

    With ``group_by_length`` windows of similar length share a batch (less padding; the
    batch with the longest window comes first); otherwise the order is a seeded shuffle.
    Depending only on ``(seed, epoch)`` is what lets a resumed run see the same batches.
    """
    from resume_ner.data.datasets.sampling import LengthGroupedBatchSampler

    if group_by_length:
        sampler = LengthGroupedBatchSampler(lengths, batch_size, seed=seed)
        sampler.set_epoch(epoch)
        return sampler.batches()
    order = list(range(len(lengths)))
    random.Random(f"batches/{seed}/{epoch}").shuffle(order)
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
