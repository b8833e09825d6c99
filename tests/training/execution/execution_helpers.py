"""Helpers of the final-training tests: synthetic native data and the tiny run's overrides."""

from __future__ import annotations

import json
from pathlib import Path

from resume_ner.data.datasets import generate_resumes
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout


def write_native(path: Path, count: int, seed: int) -> Path:
    """Write ``count`` synthetic resumes as a native JSON list."""
    records = [
        {
            "id": doc.id,
            "text": doc.text,
            "annotations": [[span.start, span.end, span.label] for span in doc.spans],
        }
        for doc in generate_resumes(count, seed=seed)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def tiny_overrides(backbone: Path, output_root: Path) -> list[str]:
    """Overrides of a fast run: tiny backbone, 64-token windows, 2 epochs, tracking off."""
    return [
        f"model.backbone={backbone}",
        'data.sources=[{"path": "resumes.json", "format": "native"}]',
        "data.max_length=64",
        "data.stride=16",
        "data.split={train: 0.6, validation: 0.2, test: 0.2}",
        "training.epochs=2",
        "training.batch_size=8",
        "training.learning_rate=5e-3",
        "training.num_threads=1",
        "tracking.enabled=false",
        f"paths.output_root={output_root}",
    ]


def layout_of(config: ResumeNerConfig) -> OutputLayout:
    """The output layout of ``config``."""
    return OutputLayout.from_config(config.paths)
