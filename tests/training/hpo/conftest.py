"""Fixtures of the HPO tests: a fast config on tiny documents and its output layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from hpo_configs import make_config

from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout


@pytest.fixture
def config(tmp_path: Path) -> ResumeNerConfig:
    """The fast config under ``tmp_path/out``."""
    return make_config(tmp_path / "out")


@pytest.fixture
def layout(config: ResumeNerConfig) -> OutputLayout:
    """The output layout of ``config``."""
    return OutputLayout.from_config(config.paths)
