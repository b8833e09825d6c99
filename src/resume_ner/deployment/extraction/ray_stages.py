"""What runs on Ray workers for ``extract --engine ray``: read files (tasks), predict (actors).

Batches are pyarrow tables. Reading gives ``path`` and ``outcome`` (a pickled
:class:`ReadOutcome`); predicting gives ``path`` and ``record`` (the JSON of the record the
local engine writes for it, built by the same :func:`batch_records`).
"""

from __future__ import annotations

import json
import os
import pickle
import socket
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction.model_package import ModelPackage
from resume_ner.deployment.extraction.reading import ReadOutcome, read_one
from resume_ner.deployment.extraction.runner import batch_records

if TYPE_CHECKING:
    import pyarrow as pa

ReadFile = Callable[[str, DocumentLimits], ReadOutcome]
"""Reads one file into its outcome, never raising (:func:`read_one`)."""


def _not_on_this_node(outcome: ReadOutcome, file: str) -> ReadOutcome:
    """Say so in the error of a file this node cannot see (its path is the driver's)."""
    if outcome.error is None or outcome.error[0] != "unreadable_file" or os.path.exists(file):
        return outcome
    code, message = outcome.error
    where = f"{message} on Ray node {socket.gethostname()}"
    hint = "input files must lie at the same path on every node"
    return replace(outcome, error=(code, f"{where} ({hint})"))


def read_files(batch: pa.Table, limits: DocumentLimits, read: ReadFile = read_one) -> pa.Table:
    """Read the files of a batch (columns ``path`` as listed, ``file`` absolute)."""
    import pyarrow as pa

    paths = batch.column("path").to_pylist()
    outcomes = []
    for path, file in zip(paths, batch.column("file").to_pylist(), strict=True):
        outcome = _not_on_this_node(replace(read(file, limits), path=path), file)
        outcomes.append(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    return pa.table({"path": paths, "outcome": pa.array(outcomes, pa.binary())})


class PredictBatches:
    """One model replica: loads the predictor once, then turns outcome batches into records."""

    def __init__(self, model: ModelPackage, backend: str, threads: int | None, device: str) -> None:
        """Unpack ``model`` on this node (cached by digest) and load it as the local engine does."""
        from resume_ner.deployment.inference import load_predictor

        self._predictor = load_predictor(
            model.unpack(), backend=backend, threads=threads, device=device
        )

    def __call__(self, batch: pa.Table) -> pa.Table:
        """The records of a batch of read outcomes, as JSON lines."""
        import pyarrow as pa

        outcomes = [pickle.loads(data) for data in batch.column("outcome").to_pylist()]
        records = batch_records(self._predictor, outcomes)
        return pa.table(
            {
                "path": [record["path"] for record in records],
                "record": [json.dumps(record, ensure_ascii=False) for record in records],
            }
        )
