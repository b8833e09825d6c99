"""save_run: write a run's metadata.json and record it in the index, in that order."""

from __future__ import annotations

import os

from resume_ner.infrastructure.metadata.entry import IndexEntry
from resume_ner.infrastructure.metadata.index import MetadataIndex
from resume_ner.infrastructure.metadata.model import RunMetadata, relative_to_root
from resume_ner.infrastructure.metadata.store import write_metadata


def save_run(
    run_dir: str | os.PathLike[str], meta: RunMetadata, index: MetadataIndex
) -> IndexEntry:
    """Atomically write ``run_dir/metadata.json``, then append ``meta`` to ``index``.

    The metadata file is written first, so every index record points at a readable file.
    Call it at each status change (running, then completed or failed): the index keeps the
    latest record of each run.

    Raises:
        ValueError: If ``run_dir`` is outside the index's output root (nothing is written).
    """
    relative_to_root(run_dir, index.output_root)
    write_metadata(run_dir, meta)
    return index.record(meta, run_dir)
