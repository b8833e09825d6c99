"""Training runs the data-parallel tests compare: run by every rank under torchrun (as a
script) and by the test process itself as the one-rank reference.

``python ddp_runs.py PLAN.json`` trains every run of the plan (see :func:`plan`) into
``<root>/<name>-<ranks>r``; a run named in ``interrupt`` fails after that epoch's
training (before its checkpoint), so its last checkpoint is the epoch before.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.data.loaders.document import Document
from resume_ner.infrastructure.config.sections.data import DataConfig
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.config.sections.training import TrainingConfig
from resume_ner.infrastructure.tracking.callbacks import Callback
from resume_ner.training.core.result import TrainResult

DOCUMENTS = generate_resumes(14, seed=5)
WINDOWS = DataConfig(max_length=64, stride=16)


class Interrupted(RuntimeError):
    """Raised on rank 0 after an epoch to stand in for a crash."""


class InterruptAfter(Callback):
    """Fail at the end of epoch ``epoch`` (before its checkpoint is written)."""

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, epoch: int, metrics: Any) -> str | None:
        if epoch >= self.epoch:
            raise Interrupted(f"interrupted after epoch {epoch}")
        return None


def window_count(backbone: str, documents: list[Document]) -> int:
    """Training windows of ``documents`` with the tiny backbone's tokenizer."""
    from resume_ner.training.core.backbone import load_tokenizer
    from resume_ner.training.core.features import encode_set

    tokenizer = load_tokenizer(backbone)
    encoded = encode_set(tokenizer, documents, LabelSchema.canonical(), max_length=64, stride=16)
    return len(encoded.features)


def plan(backbone: str, root: Path) -> dict[str, Any]:
    """The runs: ``step`` (one optimizer step), ``tail`` (steps whose last global batch
    leaves rank 1 empty, with accumulation), ``f1`` (validated epochs), ``resume``."""
    one = window_count(backbone, DOCUMENTS[:1])
    tail_docs = 6
    windows = window_count(backbone, DOCUMENTS[:tail_docs])
    # a per-rank batch whose global batches end with a single window
    tail_batch = next((b for b in range(2, windows) if windows % (2 * b) == 1), 2)
    common = {"learning_rate": 5e-3, "num_threads": 1, "early_stopping_patience": None}
    return {
        "backbone": backbone,
        "root": str(root),
        "runs": {
            "step": {
                "train": [0, 1],
                "validation": [],
                "training": {**common, "epochs": 1, "batch_size": math.ceil(one / 2)},
            },
            "tail": {
                "train": [0, tail_docs],
                "validation": [],
                "training": {
                    **common,
                    "epochs": 1,
                    "batch_size": tail_batch,
                    "gradient_accumulation_steps": 2,
                    "group_by_length": False,
                },
            },
            "f1": {
                "train": [0, 10],
                "validation": [10, 14],
                "training": {
                    **common,
                    "epochs": 5,
                    "batch_size": 4,
                    "learning_rate": 1e-2,
                    "head_learning_rate": 5e-2,
                },
            },
            "resume": {
                "train": [0, 6],
                "validation": [6, 8],
                "training": {**common, "epochs": 3, "batch_size": 3},
            },
        },
        "interrupt": {"resume": 2},
    }


def run(
    spec: dict[str, Any], name: str, ranks: int, *, batch_scale: int = 1, interrupt: int = 0
) -> TrainResult:
    """Train run ``name`` into ``<root>/<name>-<ranks>r`` (``batch_scale`` x its batch)."""
    from resume_ner.training.core.loop import train

    settings = spec["runs"][name]
    training = dict(settings["training"])
    training["batch_size"] *= batch_scale
    first, last = settings["train"]
    low, high = settings["validation"] or [0, 0]
    return train(
        model_config=ModelConfig(backbone=spec["backbone"], dropout=0.0),
        training_config=TrainingConfig(**training),
        data_config=WINDOWS,
        train_documents=DOCUMENTS[first:last],
        validation_documents=DOCUMENTS[low:high],
        schema=LabelSchema.canonical(),
        output_dir=Path(spec["root"]) / f"{name}-{ranks}r",
        callbacks=[InterruptAfter(interrupt)] if interrupt else [],
        device="cpu",
    )


def main(plan_file: str) -> None:
    """Every run of the plan on this job's ranks; rank 0 writes ``<root>/results-<N>r.json``."""
    from resume_ner.training.core.distributed import from_env, session

    spec = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    with session("cpu") as world:
        results: dict[str, Any] = {}
        for name in spec["runs"]:
            interrupt = spec["interrupt"].get(name, 0)
            try:
                result = run(spec, name, world.world_size, interrupt=interrupt)
            except Interrupted as exc:
                results[name] = {"interrupted": str(exc)}
                continue
            results[name] = {"history": result.history, "epochs_run": result.epochs_run}
        if from_env().is_main:
            out = Path(spec["root"]) / f"results-{world.world_size}r.json"
            out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
