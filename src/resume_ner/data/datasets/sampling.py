"""A seeded batch sampler that groups windows of similar length to cut padding (torch-free)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence


class LengthGroupedBatchSampler:
    """Batches of indices whose lengths are close, in a seeded random order.

    Each epoch the indices are shuffled, cut into mega-batches of ``mega_batch_size``, each
    mega-batch is sorted by length (longest first) and cut into batches, and the order of the
    batches is shuffled. Batches therefore hold similar lengths (little padding) while the data
    order still changes every epoch. Use it as ``DataLoader(dataset, batch_sampler=sampler)``.

    Args:
        lengths: Length of every item (e.g. tokens per window).
        batch_size: Items per batch.
        seed: Seed of the shuffles; with :meth:`set_epoch` each epoch gets its own order.
        mega_batch_size: Items sorted together (default ``50 * batch_size``); larger means less
            padding and less randomness.
        drop_last: Drop the final incomplete batch.
        longest_first: Put the batch holding the longest item first, so memory problems show
            up at the first step rather than late in an epoch.
    """

    def __init__(
        self,
        lengths: Sequence[int],
        batch_size: int,
        *,
        seed: int = 0,
        mega_batch_size: int | None = None,
        drop_last: bool = False,
        longest_first: bool = True,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        mega = 50 * batch_size if mega_batch_size is None else mega_batch_size
        if mega < batch_size:
            raise ValueError(f"mega_batch_size ({mega}) must be at least batch_size ({batch_size})")
        self.lengths = [int(length) for length in lengths]
        self.batch_size = batch_size
        self.seed = seed
        self.mega_batch_size = mega
        self.drop_last = drop_last
        self.longest_first = longest_first
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        """Choose the epoch whose order :meth:`__iter__` yields next."""
        self.epoch = epoch

    def batches(self) -> list[list[int]]:
        """The batches of the current epoch (the same for the same seed and epoch)."""
        rng = random.Random(f"length-grouped/{self.seed}/{self.epoch}")
        order = list(range(len(self.lengths)))
        rng.shuffle(order)
        grouped: list[int] = []
        for start in range(0, len(order), self.mega_batch_size):
            mega = order[start : start + self.mega_batch_size]
            grouped.extend(sorted(mega, key=lambda i: -self.lengths[i]))
        batches = [
            grouped[start : start + self.batch_size]
            for start in range(0, len(grouped), self.batch_size)
        ]
        if self.drop_last and batches and len(batches[-1]) < self.batch_size:
            batches.pop()
        rng.shuffle(batches)
        if self.longest_first and batches:
            longest = max(
                range(len(batches)), key=lambda b: max(self.lengths[i] for i in batches[b])
            )
            batches.insert(0, batches.pop(longest))
        return batches

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self.batches())

    def __len__(self) -> int:
        full, rest = divmod(len(self.lengths), self.batch_size)
        return full if self.drop_last or not rest else full + 1


def padding_waste(batches: Sequence[Sequence[int]], lengths: Sequence[int]) -> int:
    """Pad positions needed when each batch is padded to its longest item."""
    waste = 0
    for batch in batches:
        if batch:
            longest = max(lengths[i] for i in batch)
            waste += sum(longest - lengths[i] for i in batch)
    return waste
