"""The benchmark loop on fake backends and a fake clock: exact cells, skips and documents/s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from resume_ner.evaluation.benchmarking.runner import (
    BackendSkipped,
    DocumentSet,
    LoadedBackend,
    run_benchmark,
)
from resume_ner.evaluation.benchmarking.synthetic import Vocabulary, synthetic_windows
from resume_ner.infrastructure.config.sections.evaluation import BenchmarkConfig

VOCAB = Vocabulary(size=50, cls_id=2, sep_id=3, special_ids=frozenset({0, 1, 2, 3, 4}))


class FakeForward:
    """Records the shapes it was prepared with and how often it ran."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, int]] = []
        self.runs = 0

    def prepare(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        self.shapes.append(batch["input_ids"].shape)
        return batch

    def run(self, prepared: dict[str, np.ndarray]) -> None:
        self.runs += 1


def _opener(forwards: dict[str, FakeForward], predicted: list[Sequence[str]]) -> Any:
    def open_backend(name: str) -> LoadedBackend:
        if name == "onnx_int8":
            raise BackendSkipped("no model.int8.onnx found for this model")
        forwards[name] = FakeForward()
        released = forwards[name]

        def predict(texts: Sequence[str]) -> list[list[object]]:
            predicted.append(list(texts))
            return [[] for _ in texts]

        return LoadedBackend(
            name,
            released,
            predict,
            "cpu",
            "fp32",
            release=lambda: setattr(released, "released", True),
        )

    return open_backend


def test_every_cell_is_warmed_up_timed_and_summarised_exactly(fake_clock: Any) -> None:
    config = BenchmarkConfig(
        backends=["pytorch", "onnx_int8", "onnx"],
        batch_sizes=[1, 4],
        sequence_lengths=[16, 600],
        warmup_runs=2,
        timed_runs=5,
        documents=2,
    )
    forwards: dict[str, FakeForward] = {}
    predicted: list[Sequence[str]] = []
    documents = DocumentSet(("first resume", "second resume", "third"), windows=6, tokens=300)
    results = run_benchmark(
        config,
        _opener(forwards, predicted),
        VOCAB,
        documents=documents,
        max_seq_len=512,
        clock=fake_clock(step=0.5),
    )
    assert [(c.backend, c.batch_size, c.seq_len) for c in results.cells] == [
        ("pytorch", 1, 16),
        ("pytorch", 4, 16),
        ("onnx", 1, 16),
        ("onnx", 4, 16),
    ]
    for cell in results.cells:
        assert cell.stats.runs == 5
        assert cell.stats.p50_ms == cell.stats.p99_ms == cell.stats.mean_ms == 500.0
        assert cell.stats.throughput == cell.batch_size / 0.5
        assert cell.tokens_per_s == cell.batch_size / 0.5 * 16
    assert forwards["pytorch"].shapes == [(1, 16), (4, 16)]
    assert forwards["pytorch"].runs == 2 * (2 + 5)
    assert getattr(forwards["onnx"], "released", False)
    assert results.skipped_cells == [
        {"seq_len": 600, "reason": "longer than the model's 512 positions"}
    ]
    status = {run.backend: (run.status, run.reason) for run in results.backends}
    assert status == {
        "pytorch": ("measured", None),
        "onnx_int8": ("skipped", "no model.int8.onnx found for this model"),
        "onnx": ("measured", None),
    }
    assert all(run.load_s == 0.5 for run in results.backends if run.status == "measured")
    assert all(run.peak_rss_mb and run.peak_rss_mb > 0 for run in results.backends[::2])
    assert [run.backend for run in results.backends] == ["pytorch", "onnx_int8", "onnx"]
    # documents: one warm-up call on the first document, then one timed call on all of them
    assert predicted == [["first resume"], ["first resume", "second resume", "third"]] * 2
    (doc,) = [d for d in results.documents if d.backend == "pytorch"]
    assert (doc.documents, doc.seconds) == (3, 0.5)
    assert (doc.documents_per_s, doc.windows_per_s, doc.tokens_per_s) == (6.0, 12.0, 600.0)


def test_synthetic_windows_have_the_exact_shape_and_no_padding() -> None:
    batch = synthetic_windows(VOCAB, 3, 10, seed=1)
    assert {name: array.shape for name, array in batch.items()} == {
        "input_ids": (3, 10),
        "attention_mask": (3, 10),
        "shape_ids": (3, 10),
    }
    ids = batch["input_ids"]
    assert (ids[:, 0] == 2).all() and (ids[:, -1] == 3).all()
    assert not np.isin(ids[:, 1:-1], list(VOCAB.special_ids)).any()
    assert (batch["attention_mask"] == 1).all()
    assert (batch["shape_ids"][:, 1:-1] > 0).all()
    assert np.array_equal(synthetic_windows(VOCAB, 3, 10, seed=1)["input_ids"], ids)


@pytest.mark.parametrize(
    ("batch", "length", "message"),
    [(0, 8, "batch size must be at least 1, got 0"), (1, 1, "window length must be at least 2")],
)
def test_synthetic_windows_reject_impossible_shapes(batch: int, length: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        synthetic_windows(VOCAB, batch, length)
