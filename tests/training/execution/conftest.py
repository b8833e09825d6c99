"""Fixtures of the final-training tests: a working folder with tiny data and a config maker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from execution_helpers import tiny_overrides, write_native

from resume_ner.infrastructure.config import ResumeNerConfig, load_config


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding ``resumes.json`` (15 synthetic resumes); the test's cwd."""
    write_native(tmp_path / "resumes.json", 15, seed=3)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def make_config(workdir: Path, tiny_backbone: Path) -> Callable[..., ResumeNerConfig]:
    """Build the tiny config, with extra ``key=value`` overrides."""

    def make(*overrides: str) -> ResumeNerConfig:
        base = tiny_overrides(tiny_backbone, workdir / "out")
        return load_config((), [*base, *overrides], env={})

    return make
