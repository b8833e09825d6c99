"""Cheap stand-ins for the trainer and data of HPO tests (deterministic, no model)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.stage import DataStageResult, run_data_stage
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import STOP, Callback, CallbackList, NullTracker
from resume_ner.training.hpo import StudyResult, TrainFn, TrialData, run_hpo

LABELS = ("NAME", "EMAIL", "SKILLS")


def make_documents(count: int = 12) -> list[Document]:
    """``count`` small documents, each with one NAME and one other labelled span."""
    docs = []
    for i in range(count):
        name = f"Person{i}"
        other = LABELS[1 + i % 2]
        text = f"{name} knows python {i}"
        spans = (Span(0, len(name), "NAME"), Span(len(name) + 7, len(name) + 13, other))
        docs.append(Document(f"doc-{i:02d}", text, spans))
    return docs


def quality(config: ResumeNerConfig) -> float:
    """Final score of a config: best near lr 5e-4 (the default); dropout above 0.2 is bad."""
    lr = config.training.learning_rate
    score = 0.9 - 0.1 * abs(lr - 5e-4) / 5e-4
    if config.model.dropout > 0.2:
        score -= 0.6
    return max(0.0, score)


def fake_train(config: ResumeNerConfig, data: TrialData, callbacks: Sequence[Callback]) -> float:
    """Scores rise towards ``quality(config)`` epoch by epoch; stops when a callback says so.

    Writes ``<output_dir>/best/weights.bin`` (a stand-in checkpoint) and, when
    ``HPO_FAKE_EPOCH_S`` is set, sleeps that long per epoch (after writing
    ``<output_dir>/started`` so a test knows the trial is running).
    """
    bus = CallbackList(callbacks)
    pause = float(os.environ.get("HPO_FAKE_EPOCH_S", "0"))
    data.output_dir.mkdir(parents=True, exist_ok=True)
    (data.output_dir / "started").write_text(str(os.getpid()), encoding="utf-8")
    target = quality(config)
    best = 0.0
    epochs = config.training.epochs
    for epoch in range(1, epochs + 1):
        if pause:
            time.sleep(pause)
        score = target * epoch / epochs
        if data.fold is not None:
            score -= 0.01 * data.fold
        best = max(best, score)
        if bus.on_epoch_end(epoch, {"span_f1": score}) == STOP:
            break
    (data.output_dir / "best").mkdir(exist_ok=True)
    (data.output_dir / "best" / "weights.bin").write_bytes(b"x" * 16)
    bus.on_metrics(None, {"param_count": 1000 + int(config.model.dropout * 1000)})
    return best


def prepared(config: ResumeNerConfig) -> DataStageResult:
    """The data stage of ``config`` (its sources are absolute paths)."""
    layout = OutputLayout.from_config(config.paths)
    return run_data_stage(config.data, layout, layout.root)


def study(config: ResumeNerConfig, train_fn: TrainFn = fake_train, **kwargs: Any) -> StudyResult:
    """``run_hpo`` on ``config``'s data stage with the fake trainer (no tracking by default)."""
    kwargs.setdefault("tracker", NullTracker())
    layout = OutputLayout.from_config(config.paths)
    return run_hpo(config, layout, prepared(config), train_fn=train_fn, **kwargs)


def read_json(path: Path) -> object:
    """Parse a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_dataset(path: Path, count: int = 12) -> Path:
    """Write ``make_documents(count)`` as a native JSONL file."""
    lines = [
        json.dumps(
            {
                "id": doc.id,
                "text": doc.text,
                "annotations": [[s.start, s.end, s.label] for s in doc.spans],
            }
        )
        for doc in make_documents(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_config(
    folder: Path, *, epochs: int = 4, n_trials: int = 6, extra: str = "", top: str = ""
) -> Path:
    """Write a YAML config training on a fresh dataset under ``folder`` (tracking off).

    ``extra`` is YAML indented under ``hpo:``; ``top`` holds further top-level sections and
    ``data``/``training`` keys written as ``data.max_length: 64`` style lines.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = write_dataset(folder / "docs.jsonl")
    text = f"""
data:
  sources: [{{path: "{data}", format: native}}]
  split: {{train: 0.6, validation: 0.2, test: 0.2}}
{_section(top, "data")}
training:
  epochs: {epochs}
{_section(top, "training")}
{_others(top)}
tracking: {{enabled: false}}
paths: {{output_root: "{folder / "out"}"}}
hpo:
  n_trials: {n_trials}
  heartbeat_s: 1
  sampler: {{n_startup_trials: 2}}
  pruner: {{n_startup_trials: 1}}
{extra}
"""
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _section(top: str, name: str) -> str:
    lines = [line for line in top.splitlines() if line.startswith(f"{name}.")]
    return "\n".join(f"  {line.removeprefix(name + '.')}" for line in lines)


def _others(top: str) -> str:
    lines = top.splitlines()
    return "\n".join(line for line in lines if not line.startswith(("data.", "training.")))
