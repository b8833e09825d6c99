"""Fixtures for the config loader tests: a clean cache and a YAML file writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import clear_config_cache

WriteYaml = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_config_cache()
    yield
    clear_config_cache()


@pytest.fixture
def write_yaml(tmp_path: Path) -> WriteYaml:
    """Write ``text`` to ``tmp_path / name`` (folders created) and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
