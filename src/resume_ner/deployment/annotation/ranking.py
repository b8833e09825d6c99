"""How unsure the model is about a document, from its entity scores, and the review order.

The Predictor gives one score per entity (the probability of its decoded tags), nothing about
spans it did not predict, so the measure is the least-confident span: a document is as
uncertain as its weakest entity (``1 - min score``). One doubtful field is what a reviewer has
to fix, and a mean would hide it among the many easy ones (names, e-mails). A document with no
entity at all scores 1 (most uncertain): every resume has fields, so an empty prediction is a
miss or an unfamiliar layout, the documents a model learns most from. Ties go to the document
whose entities are less confident on average, then to input order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resume_ner.deployment.inference import Entity

RANKINGS = ("uncertainty", "random")
"""Orders :func:`rank` knows."""


def confidence(entities: Sequence[Entity]) -> float:
    """The least entity score (0 when there is no entity)."""
    return min((float(e.score) for e in entities), default=0.0)


def uncertainty(entities: Sequence[Entity]) -> float:
    """``1 - min entity score``; 1 for a document with no entity."""
    return 1.0 - confidence(entities)


def _mean_doubt(entities: Sequence[Entity]) -> float:
    if not entities:
        return 1.0
    return sum(1.0 - float(e.score) for e in entities) / len(entities)


def rank(predictions: Sequence[Sequence[Entity]], strategy: str, seed: int = 0) -> list[int]:
    """Indices of the documents in review order.

    Args:
        predictions: The entities of each document.
        strategy: ``uncertainty`` (most uncertain first) or ``random`` (shuffled by ``seed``).
        seed: Seed of the ``random`` order.

    Raises:
        ValueError: For an unknown strategy.
    """
    order = list(range(len(predictions)))
    if strategy == "uncertainty":
        order.sort(key=lambda i: (-uncertainty(predictions[i]), -_mean_doubt(predictions[i]), i))
    elif strategy == "random":
        random.Random(seed).shuffle(order)
    else:
        raise ValueError(f"unknown ranking {strategy!r}; known: {', '.join(RANKINGS)}")
    return order
