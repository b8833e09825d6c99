"""Fixtures for storage tests: a small output folder and a private memory:// root."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest
from storage_data import OUTPUT_FILES


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    """A small output folder with nested files, plus files the default excludes leave out."""
    root = tmp_path / "outputs"
    extra = {".index.lock": b"", "notes.tmp": b"scratch", "cache/hub/blob": b"cached"}
    for rel, data in {**OUTPUT_FILES, **extra}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture
def memory_url() -> Iterator[str]:
    """A memory:// URL unique to the test, removed afterwards."""
    name = f"resume-ner-test-{uuid.uuid4().hex}"
    yield f"memory://{name}/backup"
    fs = fsspec.filesystem("memory")
    if fs.exists(f"/{name}"):
        fs.rm(f"/{name}", recursive=True)
