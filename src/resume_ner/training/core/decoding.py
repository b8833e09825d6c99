"""The transition prior of a training run: estimated from its windows, its weight tuned on
validation documents (``model.transition_weight``)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from resume_ner.data.processing.transitions import (
    DEFAULT_WEIGHT,
    WEIGHTS,
    TransitionPrior,
    estimate_transitions,
    word_sequence,
)
from resume_ner.training.core.evaluate import Evaluation, decode_encoded, score_decoded

if TYPE_CHECKING:
    import numpy as np

    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core.features import EncodedSet
    from resume_ner.training.core.model import HeadSettings

logger = logging.getLogger(__name__)


def prior_of(encoded: EncodedSet, schema: LabelSchema) -> TransitionPrior:
    """The transition prior of an encoded set's gold word tags, document by document."""
    sequences = [
        word_sequence([encoded.windows[i] for i in indices], document.text)
        for document, indices in zip(encoded.documents, encoded.windows_by_document(), strict=True)
    ]
    return estimate_transitions(sequences, schema.tags)


def with_prior(
    head: HeadSettings, setting: str | float, encoded: EncodedSet, schema: LabelSchema
) -> HeadSettings:
    """``head`` with the prior of the training windows and the starting weight of ``setting``
    (``"auto"`` starts at ``DEFAULT_WEIGHT``; 0 keeps the head without a prior)."""
    weight = DEFAULT_WEIGHT if setting == "auto" else float(setting)
    if weight <= 0 or not head.crf_like_decoding:
        return dataclasses.replace(head, transition_prior=None, transition_weight=0.0)
    prior = prior_of(encoded, schema)
    return dataclasses.replace(head, transition_prior=prior, transition_weight=weight)


def tune_weight(
    head: HeadSettings,
    encoded: EncodedSet,
    rows: Sequence[np.ndarray],
    schema: LabelSchema,
    weights: Sequence[float] = WEIGHTS,
) -> tuple[float, Evaluation]:
    """The prior weight with the best strict span-F1 on ``encoded`` (ties: earlier in
    ``weights``) and the evaluation at that weight, from the windows' log-probabilities
    ``rows`` (see ``window_log_probs``: the model runs once for all weights).

    Raises:
        ValueError: If ``head`` has no transition prior or ``weights`` is empty.
    """
    prior = head.transition_prior
    if prior is None or not weights:
        raise ValueError("tuning the transition weight needs a head with a prior and weights")
    best: tuple[float, Evaluation] | None = None
    for weight in weights:
        decoded = decode_encoded(
            encoded,
            rows,
            schema,
            head.crf_like_decoding,
            propagate=head.propagate_labels,
            transitions=prior.weighted(weight) if weight > 0 else None,
        )
        evaluation = score_decoded(encoded, decoded, schema)
        if best is None or evaluation.metrics["span_f1"] > best[1].metrics["span_f1"]:
            best = (weight, evaluation)
    assert best is not None
    logger.debug("transition weight %.2f: span-F1 %.4f", best[0], best[1].metrics["span_f1"])
    return best
