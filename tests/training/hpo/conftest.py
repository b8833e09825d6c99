"""Fixtures of the HPO tests: tiny documents, a fast config and an output layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from hpo_configs import make_config
from hpo_fakes import make_documents

from resume_ner.data.processing.splits import Splits, split_documents
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


@pytest.fixture
def splits() -> Splits:
    """12 documents split 8/2/2."""
    return split_documents(make_documents(12), 0.6, 0.2, 0.2, seed=1)
