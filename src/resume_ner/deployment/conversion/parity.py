"""The parity proof: logit and span comparisons of a converted model against PyTorch."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.training.core.metrics import span_metrics

if TYPE_CHECKING:
    import numpy as np

STRICT = "strict"
"""fp32: logits within tolerance and spans identical to PyTorch."""
TOLERANT = "tolerant"
"""int8/fp16: span-F1 may drop at most the configured delta."""


@dataclass(frozen=True)
class LogitStats:
    """How far a model's logits are from the reference on the same windows."""

    max_abs_diff: float
    mean_abs_diff: float
    argmax_agreement: float
    tokens: int


@dataclass(frozen=True)
class SpanDiff:
    """A document whose spans differ from the reference: what is missing and what is extra."""

    document: str
    missing: list[tuple[int, int, str]]
    extra: list[tuple[int, int, str]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (spans as ``[start, end, label]``)."""
        return {
            "document": self.document,
            "missing": [list(s) for s in self.missing],
            "extra": [list(s) for s in self.extra],
        }


_VARIANT_KEYS = (
    "name", "file", "mode", "passed", "failures", "size_bytes", "logits",
    "span_f1", "span_f1_delta", "span_agreement_f1",
)  # fmt: skip
"""Fields of a variant in ``parity.json``, in order."""


@dataclass(frozen=True)
class VariantParity:
    """The verdict on one converted model file."""

    name: str
    file: str
    mode: str
    size_bytes: int
    logits: LogitStats
    span_f1: float
    span_f1_delta: float
    span_agreement_f1: float
    differing: list[SpanDiff]
    failures: list[str]
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Whether every check of this variant held."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        data = {key: getattr(self, key) for key in _VARIANT_KEYS}
        data.update(failures=list(self.failures), logits=asdict(self.logits))
        differing = [diff.to_dict() for diff in self.differing]
        return {
            **data,
            "spans_identical": not differing,
            "differing_documents": differing,
            **self.details,
        }


def logit_stats(reference: Sequence[np.ndarray], other: Sequence[np.ndarray]) -> LogitStats:
    """Max and mean absolute difference and argmax agreement over every real token."""
    import numpy as np

    if len(reference) != len(other):
        raise ValueError(f"{len(reference)} reference windows but {len(other)} compared")
    if not reference:
        return LogitStats(0.0, 0.0, 1.0, 0)
    ref = np.concatenate([np.asarray(r, dtype=np.float32) for r in reference])
    got = np.concatenate([np.asarray(o, dtype=np.float32) for o in other])
    if ref.shape != got.shape:
        raise ValueError(f"logit shapes differ: reference {ref.shape}, compared {got.shape}")
    diff = np.abs(ref - got)
    agreement = float((ref.argmax(axis=-1) == got.argmax(axis=-1)).mean())
    return LogitStats(float(diff.max()), float(diff.mean()), agreement, int(ref.shape[0]))


def span_differences(
    documents: Sequence[Document],
    reference: Sequence[Sequence[Span]],
    predicted: Sequence[Sequence[Span]],
) -> list[SpanDiff]:
    """Every document whose predicted spans are not exactly the reference spans."""
    diffs = []
    for document, ref, got in zip(documents, reference, predicted, strict=True):
        ref_keys = {(s.start, s.end, s.label) for s in ref}
        got_keys = {(s.start, s.end, s.label) for s in got}
        if ref_keys != got_keys:
            diffs.append(
                SpanDiff(document.id, sorted(ref_keys - got_keys), sorted(got_keys - ref_keys))
            )
    return diffs


def gold_f1(documents: Sequence[Document], predicted: Sequence[Sequence[Span]]) -> float:
    """Strict span micro-F1 against the documents' gold spans."""
    return span_metrics([d.spans for d in documents], predicted).micro.f1


def judge_variant(
    name: str,
    mode: str,
    stats: LogitStats,
    evaluation: tuple[Sequence[Document], Sequence[Sequence[Span]], Sequence[Sequence[Span]]],
    thresholds: Mapping[str, float],
    *,
    file: str,
    size_bytes: int,
) -> VariantParity:
    """Compare one variant with the PyTorch reference and list what fails.

    :data:`STRICT` mode needs logits within ``parity_atol`` and identical spans;
    :data:`TOLERANT` mode a gold span-F1 at most ``parity_max_f1_delta`` below PyTorch's.
    ``evaluation`` is ``(documents, reference spans, variant spans)``.
    """
    documents, reference, predicted = evaluation
    differing = span_differences(documents, reference, predicted)
    reference_f1 = gold_f1(documents, reference)
    f1 = gold_f1(documents, predicted)
    delta = reference_f1 - f1
    agreement = span_metrics(reference, predicted).micro.f1 if documents else 1.0
    failures = []
    if mode == STRICT:
        atol = thresholds["parity_atol"]
        if not math.isfinite(stats.max_abs_diff) or stats.max_abs_diff > atol:
            failures.append(f"max |logit diff| {stats.max_abs_diff:.3g} exceeds {atol:g}")
        if differing:
            failures.append(f"spans differ from PyTorch in {len(differing)} document(s)")
    else:
        allowed = thresholds["parity_max_f1_delta"]
        if delta > allowed + 1e-12:
            failures.append(f"span-F1 drop {delta:.4f} exceeds {allowed:g}")
    return VariantParity(
        name, file, mode, size_bytes, stats, f1, delta, agreement, differing, failures
    )


@dataclass(frozen=True)
class ParityReport:
    """Everything ``parity.json`` holds; ``passed`` only when every variant passed.

    ``source`` says where the documents came from; ``reference_f1`` is PyTorch's gold span-F1.
    """

    documents: int
    windows: int
    source: str
    thresholds: dict[str, float]
    reference_f1: float
    variants: list[VariantParity]
    graphs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether every variant passed."""
        return all(variant.passed for variant in self.variants)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, as written to ``parity.json``."""
        return {
            "passed": self.passed,
            "reference": "pytorch fp32",
            "documents": self.documents,
            "windows": self.windows,
            "source": self.source,
            "thresholds": dict(self.thresholds),
            "pytorch_span_f1": self.reference_f1,
            "variants": {variant.name: variant.to_dict() for variant in self.variants},
            "graphs": self.graphs,
            "notes": list(self.notes),
        }
