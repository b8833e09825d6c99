"""The benchmark loop: per backend, warm-up and timed passes per cell, then whole documents."""

from __future__ import annotations

import functools
import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from resume_ner.evaluation.benchmarking.results import (
    BackendRun,
    BenchmarkResults,
    CellResult,
    DocumentThroughput,
)
from resume_ner.evaluation.benchmarking.stats import Clock, summarize, time_runs
from resume_ner.evaluation.benchmarking.synthetic import Vocabulary, WindowBatch, synthetic_windows
from resume_ner.evaluation.benchmarking.system import peak_rss_mb, reset_peak_rss
from resume_ner.infrastructure.config.sections.evaluation import BenchmarkConfig

logger = logging.getLogger(__name__)

SYNTHETIC_SEED = 0
"""Seed of the synthetic windows (every backend times the same ids)."""


class WindowForward(Protocol):
    """A backend's model on windows: ``prepare`` is untimed (device copies), ``run`` is one
    forward pass that returns when the work is done."""

    def prepare(self, batch: WindowBatch) -> Any: ...

    def run(self, prepared: Any) -> None: ...


class BackendSkipped(Exception):
    """A backend cannot run here (no such model file, no bf16...); the message says why."""


@dataclass
class LoadedBackend:
    """A backend ready to time: ``forward`` on synthetic windows, ``predict`` on whole
    documents (its ``Predictor.predict``), and ``release`` to free the model when done."""

    name: str
    forward: WindowForward
    predict: Callable[[Sequence[str]], object]
    device: str
    precision: str
    release: Callable[[], None] = field(default=lambda: None)


@dataclass(frozen=True)
class DocumentSet:
    """Real documents timed through ``predict``, with the windows and tokens they make."""

    texts: tuple[str, ...]
    windows: int
    tokens: int


BackendOpener = Callable[[str], LoadedBackend]
"""Loads a backend by name; raises :class:`BackendSkipped` when it cannot run here."""


def time_documents(
    name: str, predict: Callable[[Sequence[str]], object], documents: DocumentSet, clock: Clock
) -> DocumentThroughput:
    """One untimed warm-up call on the first document, then one timed call on all of them."""
    texts = list(documents.texts)
    predict(texts[:1])
    start = clock()
    predict(texts)
    seconds = clock() - start
    return DocumentThroughput(name, len(texts), seconds, documents.windows, documents.tokens)


def _cells(
    backend: LoadedBackend,
    config: BenchmarkConfig,
    vocabulary: Vocabulary,
    lengths: Sequence[int],
    clock: Clock,
) -> list[CellResult]:
    cells = []
    for batch_size in config.batch_sizes:
        for length in lengths:
            batch = synthetic_windows(vocabulary, batch_size, length, SYNTHETIC_SEED)
            prepared = backend.forward.prepare(batch)
            durations = time_runs(
                functools.partial(backend.forward.run, prepared),
                runs=config.timed_runs,
                warmup=config.warmup_runs,
                clock=clock,
            )
            cell = CellResult(backend.name, batch_size, length, summarize(durations, batch_size))
            logger.info(
                "%s batch %d x %d tokens: p50 %.2f ms, %.1f windows/s",
                backend.name,
                batch_size,
                length,
                cell.stats.p50_ms,
                cell.stats.throughput or 0.0,
            )
            cells.append(cell)
    return cells


def run_benchmark(
    config: BenchmarkConfig,
    open_backend: BackendOpener,
    vocabulary: Vocabulary,
    *,
    documents: DocumentSet | None = None,
    max_seq_len: int | None = None,
    clock: Clock = time.perf_counter,
) -> BenchmarkResults:
    """Measure every configured backend.

    Per backend: load it (timed), then for each batch size x sequence length build the same
    synthetic windows, run ``warmup_runs`` untimed and ``timed_runs`` timed forward passes;
    then, with ``documents``, time one ``predict`` call over all of them after a one-document
    warm-up; finally read the peak RSS. The peak-RSS counter is reset before each backend
    loads (where the OS allows), after the previous backend was released and collected, so
    each value is the process peak while that backend ran; memory the allocator kept from
    earlier backends still counts. A backend whose opener raises :class:`BackendSkipped` is
    reported as skipped with the reason; lengths beyond ``max_seq_len`` are skipped cells.
    """
    lengths = [n for n in config.sequence_lengths if max_seq_len is None or n <= max_seq_len]
    skipped_cells = [
        {"seq_len": n, "reason": f"longer than the model's {max_seq_len} positions"}
        for n in config.sequence_lengths
        if n not in lengths
    ]
    runs: list[BackendRun] = []
    cells: list[CellResult] = []
    throughputs: list[DocumentThroughput] = []
    per_backend = True
    for name in config.backends:
        per_backend = reset_peak_rss() and per_backend
        start = clock()
        try:
            backend = open_backend(name)
        except BackendSkipped as exc:
            logger.warning("skipping backend %s: %s", name, exc)
            runs.append(BackendRun(name, "skipped", reason=str(exc)))
            continue
        load_s = clock() - start
        try:
            cells.extend(_cells(backend, config, vocabulary, lengths, clock))
            if documents is not None and documents.texts:
                throughputs.append(time_documents(name, backend.predict, documents, clock))
            runs.append(
                BackendRun(
                    name,
                    "measured",
                    device=backend.device,
                    precision=backend.precision,
                    load_s=load_s,
                    peak_rss_mb=peak_rss_mb(),
                )
            )
        finally:
            backend.release()
            del backend  # the next backend must not load while this one is still referenced
            gc.collect()
    return BenchmarkResults(
        runs, cells, throughputs, skipped_cells, "per_backend" if per_backend else "process"
    )
