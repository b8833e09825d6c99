"""Run an extraction: read files (in parallel workers), predict in batches, append records."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction.output import ResultsFile
from resume_ner.deployment.extraction.reading import ReadOutcome, file_sha256, read_in_order
from resume_ner.deployment.extraction.records import failure_record, success_record
from resume_ner.deployment.inference.types import Entity, Predictor

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 16
"""Documents per predict call."""


@dataclass(frozen=True)
class ExtractProgress:
    """Where a running extraction stands."""

    done: int
    total: int
    failed: int
    elapsed: float

    @property
    def docs_per_second(self) -> float:
        """Documents recorded per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class ExtractSummary:
    """What an extraction did.

    Attributes:
        inputs: Files named or found.
        processed: Documents recorded by this run.
        failed: Of those, the ones recorded with an error.
        skipped: Documents already in the results (or a copy of one read earlier in this run).
        skipped_failed: Of those, the ones whose record is a failure.
        seconds: Wall time of the run.
        output: The results file.
    """

    inputs: int
    processed: int
    failed: int
    skipped: int
    skipped_failed: int
    seconds: float
    output: Path

    @property
    def ok(self) -> bool:
        """Whether every input has a successful record."""
        return self.failed == 0 and self.skipped_failed == 0


def plan_files(
    paths: Sequence[Path], results: ResultsFile
) -> tuple[dict[str, str | None], int, int]:
    """The files to read (content not in ``results``, each content once) with their sha256
    (``None`` when unreadable), and how many are skipped (and of those, failures)."""
    seen = dict(results.recorded)
    todo: dict[str, str | None] = {}
    skipped = skipped_failed = 0
    for path in paths:
        sha = file_sha256(path)
        if sha is not None and sha in seen:
            skipped += 1
            skipped_failed += not seen[sha]
            continue
        if sha is not None:
            seen[sha] = True  # a copy later in this run is skipped too
        todo[str(path)] = sha
    return todo, skipped, skipped_failed


def _predict(predictor: Predictor, texts: list[str]) -> list[list[Entity] | str]:
    """Entities of each text; when the batch fails, each text alone (an error message)."""
    try:
        return list(predictor.predict(texts))
    except Exception:
        logger.warning("a batch of %d documents failed; predicting one by one", len(texts))
    results: list[list[Entity] | str] = []
    for text in texts:
        try:
            (entities,) = predictor.predict([text])
            results.append(entities)
        except Exception as exc:
            results.append(f"{type(exc).__name__}: {exc}")
    return results


def batch_records(predictor: Predictor, batch: Sequence[ReadOutcome]) -> list[dict[str, Any]]:
    """The records of a batch of read outcomes, in order (texts predicted in one call)."""
    texts = [outcome.document.text for outcome in batch if outcome.document is not None]
    start = time.perf_counter()
    predicted = iter(_predict(predictor, texts))
    share = (time.perf_counter() - start) / max(len(texts), 1)
    records = []
    for outcome in batch:
        code, message = outcome.error or ("read_failed", "no document")
        if outcome.document is not None and outcome.sha256 is not None:
            result = next(predicted)
            if not isinstance(result, str):
                entities, seconds = result, outcome.seconds + share
                record = success_record(
                    outcome.path, outcome.sha256, outcome.document, entities, seconds
                )
                records.append(record)
                continue
            code, message = "inference_failed", result
        records.append(failure_record(outcome.path, outcome.sha256, code, message, outcome.seconds))
    return records


def run_extract(
    paths: Sequence[Path],
    predictor: Predictor,
    results: ResultsFile,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    limits: DocumentLimits | None = None,
    on_progress: Callable[[ExtractProgress], None] | None = None,
) -> ExtractSummary:
    """Record every file of ``paths`` whose content ``results`` does not hold yet.

    Files are read in ``workers`` processes (in this one for 1), their texts predicted
    ``batch_size`` at a time, and each batch's records appended in input order. A file that
    cannot be read or predicted is recorded with its error; the run goes on.

    Raises:
        ValueError: If ``workers`` or ``batch_size`` is below 1.
    """
    if workers < 1 or batch_size < 1:
        raise ValueError(f"workers ({workers}) and batch size ({batch_size}) must be at least 1")
    start = time.perf_counter()
    todo, skipped, skipped_failed = plan_files(paths, results)
    done = failed = 0
    batch: list[ReadOutcome] = []

    def flush() -> None:
        nonlocal done, failed
        records = batch_records(predictor, batch)
        results.append(records)
        batch.clear()
        done += len(records)
        failed += sum(record["error"] is not None for record in records)
        if on_progress is not None:
            on_progress(ExtractProgress(done, len(todo), failed, time.perf_counter() - start))

    for outcome in read_in_order(todo, limits or DocumentLimits(), workers):
        batch.append(outcome)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    seconds = time.perf_counter() - start
    return ExtractSummary(len(paths), done, failed, skipped, skipped_failed, seconds, results.path)
