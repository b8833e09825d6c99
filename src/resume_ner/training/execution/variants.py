"""Pick the variant folder of a final training: reuse a completed one, resume, or claim v<N+1>.

A variant being trained holds ``<variant>/.train.lock``: an interrupted variant (killed,
crashed or failed) is one whose index record is not completed and whose lock is free, so a
variant still training in another process is never taken over.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.shared import LockTimeoutError, file_lock
from resume_ner.infrastructure.metadata import (
    IndexEntry,
    MetadataError,
    MetadataIndex,
    RunMetadata,
)
from resume_ner.infrastructure.paths import OutputLayout, claim_variant
from resume_ner.training.core.artifact import WEIGHTS_FILE
from resume_ner.training.execution.result import MODEL_ARTIFACT, FinalTrainingResult

logger = logging.getLogger(__name__)

LOCK_FILE = ".train.lock"
"""Held in the variant folder while it trains."""
_RESUMABLE = frozenset({StageStatus.RUNNING, StageStatus.FAILED})


@dataclass(frozen=True)
class Slot:
    """The variant folder this call trains in (its lock is held by the caller)."""

    run_dir: Path
    variant: int
    previous: RunMetadata | None = None

    @property
    def resumed(self) -> bool:
        """Whether this continues an interrupted variant."""
        return self.previous is not None


def _metadata(index: MetadataIndex, entry: IndexEntry) -> RunMetadata | None:
    try:
        return index.load(entry)
    except (FileNotFoundError, MetadataError) as exc:
        logger.warning("ignoring indexed run %s: %s", entry.run_dir, exc)
        return None


def find_completed(
    index: MetadataIndex, layout: OutputLayout, spec_fp: str, exec_fp: str
) -> FinalTrainingResult | None:
    """The newest completed training with these fingerprints whose model folder still exists."""
    for entry in index.find_completed(Stage.TRAIN, spec_fp=spec_fp, exec_fp=exec_fp):
        meta = _metadata(index, entry)
        if meta is None or MODEL_ARTIFACT not in meta.artifacts:
            continue
        model_dir = layout.from_relative(meta.artifacts[MODEL_ARTIFACT])
        if (model_dir / WEIGHTS_FILE).is_file():
            return FinalTrainingResult.from_metadata(
                meta, index.run_path(entry), model_dir, reused=True
            )
        logger.warning("completed run %s lost its model %s; not reused", entry.run_dir, model_dir)
    return None


def _try_lock(stack: contextlib.ExitStack, run_dir: Path) -> bool:
    try:
        stack.enter_context(file_lock(run_dir / LOCK_FILE, timeout=0))
    except LockTimeoutError:
        return False
    return True


def _resumable(
    index: MetadataIndex, stack: contextlib.ExitStack, spec_fp: str, exec_fp: str
) -> Slot | None:
    for entry in index.find(spec_fp=spec_fp, exec_fp=exec_fp):
        if entry.stage != Stage.TRAIN or entry.status not in _RESUMABLE:
            continue
        run_dir = index.run_path(entry)
        if not run_dir.is_dir():
            continue
        meta = _metadata(index, entry)
        if meta is None or not _try_lock(stack, run_dir):
            logger.info("variant %s is busy or unreadable; not resuming it", entry.run_dir)
            continue
        latest = index.get(entry.run_id)  # re-read: it may have finished before the lock
        if latest is not None and latest.status == StageStatus.COMPLETED:
            stack.close()
            continue
        variant = int(meta.extra.get("variant", 0)) or _variant_from(run_dir)
        return Slot(run_dir, variant, meta)
    return None


def _variant_from(run_dir: Path) -> int:
    digits = "".join(ch for ch in run_dir.name if ch.isdigit())
    return int(digits) if digits else 0


@contextlib.contextmanager
def training_slot(
    index: MetadataIndex,
    layout: OutputLayout,
    *,
    backbone: str,
    spec_fp: str,
    exec_fp: str,
    resume: bool = True,
) -> Iterator[Slot]:
    """Hold the lock of the variant to train in: an interrupted one (when ``resume``) or new.

    Yields:
        The slot; its lock is released when the block exits.
    """
    with contextlib.ExitStack() as stack:
        slot = None
        if resume:
            with contextlib.ExitStack() as attempt:
                slot = _resumable(index, attempt, spec_fp, exec_fp)
                if slot is not None:
                    stack.enter_context(attempt.pop_all())
        if slot is None:
            variant, run_dir = claim_variant(layout, backbone, spec_fp, exec_fp)
            run_dir.mkdir(parents=True, exist_ok=True)
            if not _try_lock(stack, run_dir):
                raise LockTimeoutError(f"the new variant folder {run_dir} is locked by another run")
            slot = Slot(run_dir, variant)
        yield slot
