"""Run the PyTorch reference and each ONNX file on the same windows and judge the results."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.deployment.conversion.parity import VariantParity, judge_variant, logit_stats

if TYPE_CHECKING:
    import numpy as np

    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core.features import EncodedSet

_TIMED_REPEATS = 3


@dataclass(frozen=True)
class ParityInputs:
    """The evaluation documents, their windows (built from span-less copies), the PyTorch
    logits and spans on them, and the model's saved decoding settings."""

    documents: list[Document]
    encoded: EncodedSet
    schema: LabelSchema
    constrained: bool
    pad_token_id: int
    batch_size: int
    logits: list[np.ndarray]
    spans: list[list[Span]]
    propagate: tuple[str, ...] = ()
    transitions: tuple[np.ndarray, np.ndarray] | None = None


def torch_logits(
    model: Any, features: Sequence[Any], batch_size: int, pad_token_id: int
) -> list[np.ndarray]:
    """PyTorch fp32 logits per window on CPU, batched longest first (padding cut off)."""
    import torch

    from resume_ner.training.core.features import collate

    order = sorted(range(len(features)), key=lambda i: -len(features[i]))
    rows: list[Any] = [None] * len(features)
    model.eval()
    with torch.inference_mode():
        for first in range(0, len(order), batch_size):
            chosen = order[first : first + batch_size]
            batch = collate([features[i] for i in chosen], pad_token_id)
            logits = model(batch["input_ids"], batch["attention_mask"], batch["shape_ids"])
            values = logits.float().numpy()
            for row, index in enumerate(chosen):
                rows[index] = values[row, : len(features[index])].copy()
    return rows


def decode_spans(inputs: ParityInputs, log_probs: Sequence[np.ndarray]) -> list[list[Span]]:
    """Spans of every document from per-window log-probabilities (the predictors' decoder)."""
    from resume_ner.training.core.evaluate import decode_encoded

    decoded = decode_encoded(
        inputs.encoded,
        log_probs,
        inputs.schema,
        inputs.constrained,
        propagate=inputs.propagate,
        transitions=inputs.transitions,
    )
    return [[span.span for span in document.spans] for document in decoded]


def reference(
    model: Any,
    tokenizer: Any,
    schema: LabelSchema,
    documents: Sequence[Document],
    *,
    max_length: int,
    stride: int,
    batch_size: int = 16,
) -> ParityInputs:
    """Window the documents and run the PyTorch model on them (before any export change)."""
    import torch

    from resume_ner.training.core.features import encode_set

    plain = [Document(d.id, d.text) for d in documents]
    encoded = encode_set(tokenizer, plain, schema, max_length=max_length, stride=stride)
    pad = int(tokenizer.pad_token_id or 0)
    logits = torch_logits(model, encoded.features, batch_size, pad)
    log_probs = [torch.log_softmax(torch.from_numpy(row), dim=-1).numpy() for row in logits]
    head = getattr(model, "head", None)
    inputs = ParityInputs(
        documents=list(documents),
        encoded=encoded,
        schema=schema,
        constrained=bool(getattr(head, "crf_like_decoding", True)),
        pad_token_id=pad,
        batch_size=batch_size,
        logits=logits,
        spans=[],
        propagate=tuple(getattr(head, "propagate_labels", ())),
        transitions=head.decoding_transitions() if head is not None else None,
    )
    return replace(inputs, spans=decode_spans(inputs, log_probs))


def check_file(
    name: str,
    path: Path,
    mode: str,
    inputs: ParityInputs,
    thresholds: Mapping[str, float],
    *,
    threads: int | None = None,
    providers: Sequence[str] | None = None,
) -> VariantParity:
    """Run one ONNX file on the parity windows and judge it against the PyTorch reference.

    ``details["latency_ms_first_batch"]`` is the best of a few timed passes over the first
    batch of windows.
    """
    from resume_ner.deployment.inference.onnx_backend import OnnxRunner, log_softmax, open_session

    runner = OnnxRunner(open_session(path, threads, providers), inputs.pad_token_id)
    features = inputs.encoded.features
    logits = runner.logits(features, inputs.batch_size)
    spans = decode_spans(inputs, [log_softmax(row) for row in logits])
    sample = sorted(features, key=len, reverse=True)[: inputs.batch_size]
    best = float("inf")
    for _ in range(_TIMED_REPEATS if sample else 0):
        start = time.perf_counter()
        runner.logits(sample, inputs.batch_size)
        best = min(best, time.perf_counter() - start)
    verdict = judge_variant(
        name,
        mode,
        logit_stats(inputs.logits, logits),
        (inputs.documents, inputs.spans, spans),
        thresholds,
        file=path.name,
        size_bytes=path.stat().st_size,
    )
    verdict.details["latency_ms_first_batch"] = round(best * 1000.0 if sample else 0.0, 3)
    return verdict
