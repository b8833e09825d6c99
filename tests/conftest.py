"""Suite-wide fixtures: paths to the repository and to the shared development data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared development data folder; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared development data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def tiny_backbone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight BERT backbone folder with a fast tokenizer (built once per session)."""
    from resume_ner.testing.fixtures import build_tiny_backbone

    return build_tiny_backbone(tmp_path_factory.mktemp("tiny") / "bert")


@pytest.fixture(autouse=True)
def _reset_cli_logging() -> Iterator[None]:
    """Remove handlers a CLI invocation installed, so one test's logs never reach another's output."""
    yield
    import logging

    root, logger = logging.getLogger(), logging.getLogger("resume_ner")
    for each in (root, logger):
        for handler in list(each.handlers):
            if getattr(handler, "_resume_ner_handler", False):
                each.removeHandler(handler)
                handler.close()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
    root.setLevel(logging.WARNING)
