"""Config builders of the HPO tests (a module of its own: ``conftest`` names collide)."""

from __future__ import annotations

from pathlib import Path

from hpo_fakes import write_dataset

from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.config.sections.hpo import FloatParam

FAST_OVERRIDES = [
    "tracking.enabled=false",
    "training.epochs=4",
    "hpo.n_trials=6",
    "hpo.heartbeat_s=1",
    "hpo.sampler.n_startup_trials=2",
    "hpo.pruner.n_startup_trials=1",
]


def make_config(root: Path, *overrides: str) -> ResumeNerConfig:
    """A config on 12 fake documents (8/2/2) writing under ``root``, no tracking, small budget."""
    root.mkdir(parents=True, exist_ok=True)
    source = write_dataset(root / "docs.jsonl")
    data = [
        f"data.sources=[{{path: '{source}', format: native}}]",
        "data.split={train: 0.6, validation: 0.2, test: 0.2}",
    ]
    base = [f"paths.output_root={root}", *data, *FAST_OVERRIDES]
    return load_config((), [*base, *overrides], env={})


def dropout_only(config: ResumeNerConfig) -> ResumeNerConfig:
    """``config`` searching model.dropout in [0, 0.3] only (> 0.2 is the fake's bad region)."""
    space = {"model.dropout": FloatParam(type="float", low=0.0, high=0.3)}
    hpo = config.hpo.model_copy(update={"search_space": space})
    return config.model_copy(update={"hpo": hpo})
