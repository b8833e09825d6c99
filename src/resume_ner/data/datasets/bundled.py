"""Datasets shipped inside the package (``bundled:<name>``), and how the demo set is regenerated."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from resume_ner.common.shared import atomic_write_bytes
from resume_ner.data.datasets.synthetic import generate_resumes
from resume_ner.data.loaders.document import Document
from resume_ner.data.loaders.native import read_native

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
    source = BUNDLED_PREFIX + name.removeprefix(BUNDLED_PREFIX)
    return [doc.with_meta(source=source) for doc in read_native(bundled_path(name))]


def write_documents_gz(path: str | os.PathLike[str], documents: Iterable[Document]) -> Path:
    """Atomically write documents (metadata left out) as gzipped native JSON Lines with
    reproducible bytes (no timestamp); read them back with the ``native`` loader."""
    lines = [
        json.dumps(doc.record(meta=False), ensure_ascii=False, separators=(",", ":"))
        for doc in documents
    ]
    payload = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    return atomic_write_bytes(path, buffer.getvalue())


def generate_demo() -> list[Document]:
    """The demo dataset as it is generated (``DEMO_SIZE`` resumes with ``DEMO_SEED``)."""
    return generate_resumes(DEMO_SIZE, seed=DEMO_SEED)


def write_demo(path: str | os.PathLike[str]) -> Path:
    """Regenerate the demo dataset into ``path`` (reproducible bytes) and return the path."""
    return write_documents_gz(path, generate_demo())
