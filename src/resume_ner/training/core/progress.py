"""Progress of a training run (epoch, best score, patience, history), saved to resume it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared import hash_value
from resume_ner.training.core import checkpoint as ckpt
from resume_ner.training.core.result import TrainResult

if TYPE_CHECKING:
    from resume_ner.data.loaders.document import Document
    from resume_ner.training.core.setup import RunSetup

# Settings that do not change what a run computes, so a resume may differ in them.
_LAUNCH_ONLY = {
    "launcher",
    "nproc_per_node",
    "nnodes",
    "rdzv_endpoint",
    "rdzv_id",
    "refit",
    "num_threads",
    "save_best",
    "save_last",
    "max_minutes",
}


def run_key(setup: RunSetup, train: Sequence[Document], validation: Sequence[Document]) -> str:
    """Digest of everything that determines a run's result (configs, schema, documents)."""

    def docs(documents: Sequence[Document]) -> list[Any]:
        return [
            [d.id, hash_value(d.text), [[s.start, s.end, s.label] for s in d.spans]]
            for d in documents
        ]

    data = setup.data
    return hash_value(
        {
            "model": setup.model.model_dump(),
            "training": setup.training.model_dump(exclude=_LAUNCH_ONLY),
            "windows": [data.max_length, data.stride, data.label_all_subtokens],
            "labels": list(setup.schema.labels),
            "precision": setup.precision,
            "train": docs(train),
            "validation": docs(validation),
        }
    )


@dataclass
class Progress:
    """Mutable state of the loop between epochs (JSON-able, floats kept exact)."""

    run_key: str
    epoch: int = 0
    step: int = 0
    best_score: float | None = None
    best_epoch: int | None = None
    best_metrics: dict[str, float] = field(default_factory=dict)
    bad_epochs: int = 0
    history: list[dict[str, float]] = field(default_factory=list)
    finished: bool = False
    stop_reason: str | None = None
    train_tokens: int = 0
    train_seconds: float = 0.0
    elapsed_seconds: float = 0.0
    longest_epoch_seconds: float = 0.0
    world_size: int = 1

    def spend(self, seconds: float, budget_minutes: float | None, epochs: int) -> None:
        """Count an epoch's wall time; finish with ``"time_budget"`` when another would overrun.

        The next epoch is predicted to take as long as the longest one so far, so a run
        stops *before* the budget rather than one epoch after it.
        """
        self.elapsed_seconds += seconds
        self.longest_epoch_seconds = max(self.longest_epoch_seconds, seconds)
        if budget_minutes is None or self.finished or self.epoch >= epochs:
            return
        if self.elapsed_seconds + self.longest_epoch_seconds > budget_minutes * 60:
            self.finish("time_budget")

    def record(
        self,
        epoch: int,
        metrics: dict[str, float],
        validated: bool,
        patience: int | None,
        keep_last: bool = False,
    ) -> bool:
        """Add an epoch's metrics; returns whether it is the new best (by ``span_f1``).

        Without validation, or with ``keep_last``, every epoch counts as the best (and there
        is no early stopping). After ``patience`` epochs without improvement the run is
        finished with reason ``"early_stopping"``.
        """
        self.epoch = epoch
        self.history.append(dict(metrics))
        score = metrics.get("span_f1", 0.0) if validated else None
        improved = keep_last or score is None or self.best_score is None or score > self.best_score
        if improved:
            self.best_score, self.best_epoch = score, epoch
            self.best_metrics = dict(metrics)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
            if patience is not None and self.bad_epochs >= patience:
                self.finish("early_stopping")
        return improved

    def finish(self, reason: str | None) -> None:
        """Mark the run finished (a resume then returns its result without training)."""
        self.finished = True
        self.stop_reason = reason

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``trainer_state.json``)."""
        return asdict(self)

    @classmethod
    def load(cls, folder: Path, key: str) -> Progress:
        """Read the progress of a last checkpoint, checking it belongs to this run.

        Raises:
            ValueError: If the checkpoint was written by a run with other settings or data.
        """
        data = ckpt.load_trainer_state(folder)
        if data.get("run_key") != key:
            raise ValueError(
                f"checkpoint {folder} was written by a run with other settings or data; "
                "use a new output folder, or delete it to start over"
            )
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"{folder / ckpt.TRAINER_STATE_FILE}: {exc}") from None

    def result(self, setup: RunSetup, start_epoch: int, epochs: int) -> TrainResult:
        """The :class:`TrainResult` of the run so far."""
        out = setup.output_dir
        best = out / ckpt.BEST_DIR
        last = out / ckpt.LAST_DIR
        return TrainResult(
            best_metrics=dict(self.best_metrics),
            best_epoch=self.best_epoch,
            history=[dict(h) for h in self.history],
            best_path=best if setup.training.save_best and best.is_dir() else None,
            last_path=last if setup.training.save_last and last.is_dir() else None,
            tokens_per_second=self.train_tokens / self.train_seconds if self.train_seconds else 0.0,
            epochs_run=self.epoch,
            stopped_early=self.finished and self.epoch < epochs,
            stop_reason=self.stop_reason,
            resumed_from_epoch=start_epoch,
        )
