"""Fixtures of the benchmarking tests: a fake clock, a tiny trained artifact, a small config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ResumeNerConfig, load_config


class FakeClock:
    """A clock that advances by ``step`` seconds at every reading (or reads ``ticks`` in turn)."""

    def __init__(self, step: float = 0.5, ticks: list[float] | None = None) -> None:
        self.step = step
        self.ticks = list(ticks) if ticks is not None else None
        self.now = 0.0
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        if self.ticks is not None:
            return self.ticks.pop(0)
        value = self.now
        self.now += self.step
        return value


@pytest.fixture
def fake_clock() -> Callable[..., FakeClock]:
    """Build a :class:`FakeClock`."""
    return FakeClock


@pytest.fixture(scope="session")
def tiny_artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved random-weight classifier on the tiny backbone (windows 64/16 via its config)."""
    import torch

    from resume_ner.common.shared import write_yaml
    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(0)
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    with torch.no_grad():
        model.classifier.weight.mul_(50.0)
    folder = save_model(model, tokenizer, schema, tmp_path_factory.mktemp("artifact") / "model")
    write_yaml(folder / "config.resolved.yaml", {"data": {"max_length": 64, "stride": 16}})
    return folder


def small_config(tmp_path: Path, *extra: str) -> ResumeNerConfig:
    """A fast benchmark config writing under ``tmp_path/out`` (tracking off unless overridden)."""
    overrides = [
        f"paths.output_root={tmp_path / 'out'}",
        "tracking.enabled=false",
        "platform.device=cpu",
        "benchmark.batch_sizes=[1, 2]",
        "benchmark.sequence_lengths=[16, 32]",
        "benchmark.warmup_runs=1",
        "benchmark.timed_runs=3",
        "benchmark.threads=1",
        "benchmark.documents=3",
        *extra,
    ]
    return load_config((), overrides, env={})


@pytest.fixture
def config_factory(tmp_path: Path) -> Callable[..., ResumeNerConfig]:
    """Build :func:`small_config` under this test's ``tmp_path``."""

    def make(*extra: str) -> ResumeNerConfig:
        return small_config(tmp_path, *extra)

    return make
