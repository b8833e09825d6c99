"""Datasets shipped inside the package (``bundled:<name>``), and how the demo set is regenerated."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from resume_ner.data.datasets.jsonl_gz import read_documents_gz, write_documents_gz
from resume_ner.data.datasets.synthetic import generate_resumes
from resume_ner.data.loaders.document import Document

BUNDLED_PREFIX = "bundled:"
"""Prefix of a data source path that names a bundled dataset (``bundled:demo``)."""
BUNDLED_SUFFIX = ".jsonl.gz"
"""File suffix of bundled datasets."""
DEMO_NAME = "demo"
"""Name of the synthetic demo dataset."""
DEMO_SEED = 20240601
"""Seed the demo dataset is generated with."""
DEMO_SIZE = 300
"""Number of resumes in the demo dataset."""


def _folder() -> Path:
    return Path(str(resources.files("resume_ner.data.datasets").joinpath("bundled")))


def available_bundled() -> tuple[str, ...]:
    """Names of the datasets shipped in the package, sorted."""
    folder = _folder()
    if not folder.is_dir():
        return ()
    names = (p.name.removesuffix(BUNDLED_SUFFIX) for p in folder.glob(f"*{BUNDLED_SUFFIX}"))
    return tuple(sorted(names))


def is_bundled(source: str | os.PathLike[str]) -> bool:
    """Whether a data source path refers to a bundled dataset (``bundled:<name>``)."""
    return isinstance(source, str) and source.startswith(BUNDLED_PREFIX)


def bundled_path(name: str) -> Path:
    """Path of a bundled dataset file.

    Args:
        name: Dataset name, with or without the ``bundled:`` prefix (``demo``, ``bundled:demo``).

    Raises:
        FileNotFoundError: If no such dataset ships with the package, listing those that do.
    """
    bare = name.removeprefix(BUNDLED_PREFIX)
    path = _folder() / f"{bare}{BUNDLED_SUFFIX}"
    if not bare or "/" in bare or not path.is_file():
        available = ", ".join(available_bundled()) or "none"
        raise FileNotFoundError(f"no bundled dataset named {bare!r}; available: {available}")
    return path


def load_bundled(name: str) -> list[Document]:
    """Read a bundled dataset into documents (``meta["source"]`` is ``bundled:<name>``).

    Raises:
        FileNotFoundError: If no such dataset ships with the package, listing those that do.
    """
    bare = name.removeprefix(BUNDLED_PREFIX)
    return read_documents_gz(bundled_path(bare), source=f"{BUNDLED_PREFIX}{bare}")


def generate_demo() -> list[Document]:
    """The demo dataset as it is generated (``DEMO_SIZE`` resumes with ``DEMO_SEED``)."""
    return generate_resumes(DEMO_SIZE, seed=DEMO_SEED)


def write_demo(path: str | os.PathLike[str]) -> Path:
    """Regenerate the demo dataset into ``path`` (reproducible bytes) and return the path."""
    return write_documents_gz(path, generate_demo())
