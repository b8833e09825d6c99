"""A tiny config that runs the whole pipeline in seconds: 2 HPO trials of one epoch on a tiny
random-weight backbone, conversion and a two-backend benchmark."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from resume_ner.testing.fixtures import build_tiny_dataset


def tiny_pipeline_config(
    folder: Path,
    backbone: Path,
    *,
    name: str = "tiny",
    documents: int = 16,
    choices: str = "[0.001, 0.002]",
    backends: str = "[pytorch, onnx_int8]",
    edit: Callable[[Path], None] | None = None,
) -> Path:
    """Write ``resumes.jsonl`` (``documents`` synthetic resumes, changed by ``edit``) and
    ``tiny.yaml`` into ``folder``; returns the config's path."""
    build_tiny_dataset(folder / "resumes.jsonl", documents, 0, 600)
    if edit is not None:
        edit(folder / "resumes.jsonl")
    config = folder / "tiny.yaml"
    config.write_text(
        f"""
data:
  name: {name}
  sources: [{{path: resumes.jsonl, format: native}}]
  max_length: 64
  stride: 16
  split: {{train: 0.5, validation: 0.25, test: 0.25}}
model: {{backbone: "{backbone}"}}
training: {{epochs: 1, batch_size: 8, early_stopping_patience: null}}
hpo:
  study_name: {name}
  n_trials: {choices.count(",") + 1}
  epochs_per_trial: 1
  search_space:
    training.learning_rate: {{type: categorical, choices: {choices}}}
  sampler: {{type: grid}}
  pruner: {{type: none}}
conversion: {{parity_documents: 3, parity_max_f1_delta: 1.0}}
benchmark:
  backends: {backends}
  batch_sizes: [1]
  sequence_lengths: [32]
  warmup_runs: 0
  timed_runs: 2
  documents: 2
""",
        encoding="utf-8",
    )
    return config
