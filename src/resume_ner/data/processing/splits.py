"""Document-level train/validation/test splits and k-fold, stratified by each document's labels.

Stratification: documents are grouped by the set of labels they carry; label sets held by
fewer documents than there are splits (or folds) form one shared "rare" group. Each group is
shuffled with the seed and the groups are laid end to end (the rare group first, then from
the smallest group up), and positions are dealt to the splits in proportion to their sizes
(systematic sampling), so every group is spread over the splits as evenly as its size
allows. A split then swaps documents so that every label appears in the training split
where that is possible. Results depend only on the documents' ids and labels and the seed,
not on the input order; each split keeps the input order of its documents.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from resume_ner.data.loaders.document import Document

SPLIT_NAMES = ("train", "validation", "test")
"""The split names, in order."""


@dataclass(frozen=True)
class Splits:
    """Disjoint train, validation and test documents."""

    train: tuple[Document, ...]
    validation: tuple[Document, ...]
    test: tuple[Document, ...]

    def as_dict(self) -> dict[str, tuple[Document, ...]]:
        """``{"train": ..., "validation": ..., "test": ...}``."""
        return {"train": self.train, "validation": self.validation, "test": self.test}

    def ids(self) -> dict[str, list[str]]:
        """Document ids per split."""
        return {name: [doc.id for doc in docs] for name, docs in self.as_dict().items()}


@dataclass(frozen=True)
class Fold:
    """One k-fold round: train on ``train``, score on ``validation``."""

    index: int
    train: tuple[Document, ...]
    validation: tuple[Document, ...]


def _check_ids(documents: Sequence[Document]) -> None:
    counts = Counter(doc.id for doc in documents)
    duplicates = sorted(doc_id for doc_id, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate document ids: {duplicates[:10]}")


def _ordered(
    documents: Sequence[Document], seed: int, stratify: bool, min_group: int
) -> list[Document]:
    """Documents grouped by label set (rare sets pooled), each group shuffled with ``seed``."""
    rng = random.Random(seed)
    docs = sorted(documents, key=lambda doc: doc.id)
    if not stratify:
        rng.shuffle(docs)
        return docs
    sizes = Counter(doc.labels for doc in docs)
    groups: dict[frozenset[str] | None, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.labels if sizes[doc.labels] >= min_group else None].append(doc)

    def group_order(key: frozenset[str] | None) -> tuple[int, int, list[str]]:
        return (key is not None, len(groups[key]), sorted(key or ()))

    ordered: list[Document] = []
    for key in sorted(groups, key=group_order):
        group = groups[key]
        rng.shuffle(group)
        ordered.extend(group)
    return ordered


def _targets(n: int, fractions: Sequence[float]) -> list[int]:
    """Split sizes: largest remainder, then at least one for every positive fraction."""
    raw = [fraction * n for fraction in fractions]
    sizes = [math.floor(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda s: (-(raw[s] - sizes[s]), s))
    for s in by_remainder[: n - sum(sizes)]:
        sizes[s] += 1
    for s, fraction in enumerate(fractions):
        if fraction > 0 and sizes[s] == 0:
            largest = max(range(len(sizes)), key=lambda t: (sizes[t], -t))
            sizes[largest] -= 1
            sizes[s] += 1
    return sizes


def _deal(targets: Sequence[int]) -> list[int]:
    """Split index per position, spreading each split evenly along the sequence."""
    n = sum(targets)
    assigned = [0] * len(targets)
    result = []
    for position in range(n):
        open_splits = [s for s in range(len(targets)) if assigned[s] < targets[s]]
        choice = max(open_splits, key=lambda s: (targets[s] * (position + 1) / n - assigned[s], -s))
        assigned[choice] += 1
        result.append(choice)
    return result


def _cover_labels_in_train(docs: Sequence[Document], assignment: list[int]) -> None:
    """Swap documents so that every label also appears in split 0 (train) where possible."""
    in_train = Counter(
        label for doc, s in zip(docs, assignment, strict=True) if s == 0 for label in doc.labels
    )
    totals = Counter(label for doc in docs for label in doc.labels)
    for label in sorted(totals, key=lambda name: (totals[name], name)):
        if in_train[label]:
            continue
        donor = next(i for i, doc in enumerate(docs) if label in doc.labels)
        partners = [
            j
            for j in range(len(docs) - 1, -1, -1)
            if assignment[j] == 0 and all(in_train[name] > 1 for name in docs[j].labels)
        ]
        if not partners:
            continue
        partner = partners[0]
        assignment[donor], assignment[partner] = 0, assignment[donor]
        in_train.subtract(docs[partner].labels)
        in_train.update(docs[donor].labels)


def _keep_input_order(documents: Sequence[Document], chosen: set[str]) -> tuple[Document, ...]:
    return tuple(doc for doc in documents if doc.id in chosen)


def split_documents(
    documents: Sequence[Document],
    train: float,
    validation: float,
    test: float,
    *,
    seed: int,
    stratify: bool = True,
) -> Splits:
    """Split documents (never their windows) into train, validation and test.

    The same seed and documents give the same split; every split with a positive fraction
    holds at least one document.

    Raises:
        ValueError: On duplicate ids, fractions that are negative or do not sum to 1, or too
            few documents to give every positive-fraction split one.
    """
    fractions = (train, validation, test)
    if train <= 0 or validation < 0 or test < 0 or abs(sum(fractions) - 1.0) > 1e-6:
        raise ValueError(
            "split fractions must be train > 0, validation >= 0, test >= 0 summing to 1.0; "
            f"got {train:g}/{validation:g}/{test:g} (sum {sum(fractions):g})"
        )
    _check_ids(documents)
    needed = sum(fraction > 0 for fraction in fractions)
    if len(documents) < needed:
        raise ValueError(
            f"cannot split {len(documents)} documents into train/validation/test = "
            f"{train:g}/{validation:g}/{test:g}: each of the {needed} splits with a positive "
            f"fraction needs at least one document, so at least {needed} documents are needed"
        )
    ordered = _ordered(documents, seed, stratify, needed)
    assignment = _deal(_targets(len(ordered), fractions))
    if stratify:
        _cover_labels_in_train(ordered, assignment)
    members: list[set[str]] = [set(), set(), set()]
    for doc, s in zip(ordered, assignment, strict=True):
        members[s].add(doc.id)
    return Splits(*(_keep_input_order(documents, ids) for ids in members))


def kfold_documents(
    documents: Sequence[Document], k: int, seed: int, stratify: bool = True
) -> list[Fold]:
    """Document-level k-fold: every document is in exactly one fold's validation set.

    Fold sizes differ by at most one; with ``stratify`` each label-set group is dealt round
    the folds in turn (see the module docstring).

    Raises:
        ValueError: If ``k < 2``, ``k`` exceeds the number of documents, or ids repeat.
    """
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    if k > len(documents):
        raise ValueError(f"k={k} folds need at least {k} documents, got {len(documents)}")
    _check_ids(documents)
    ordered = _ordered(documents, seed, stratify, k)
    members: list[set[str]] = [set() for _ in range(k)]
    for position, doc in enumerate(ordered):
        members[position % k].add(doc.id)
    return [
        Fold(
            index=f,
            train=tuple(doc for doc in documents if doc.id not in members[f]),
            validation=_keep_input_order(documents, members[f]),
        )
        for f in range(k)
    ]
