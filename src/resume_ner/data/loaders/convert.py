"""Converting annotation files between formats through the Document type."""

from __future__ import annotations

import os
from pathlib import Path

from resume_ner.data.loaders.conll_writer import write_conll
from resume_ner.data.loaders.native import write_native
from resume_ner.data.loaders.registry import load_documents

WRITABLE_FORMATS = ("native", "conll")
"""Formats :func:`convert` can write."""

_SUFFIXES = {".json": "native", ".jsonl": "native", ".conll": "conll", ".bio": "conll"}


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    src_format: str = "auto",
    dst_format: str | None = None,
) -> int:
    """Read ``src`` and atomically write its documents to ``dst``; returns how many.

    ``dst_format`` defaults to the suffix of ``dst`` (``.json``/``.jsonl`` native,
    ``.conll``/``.bio`` CoNLL); ``src_format="auto"`` detects the input format.

    Raises:
        ValueError: If the output format is unknown or cannot be inferred.
        DataFormatError: If ``src`` is malformed.
        ConllAlignmentError: If a span cannot be written as CoNLL BIO.
    """
    target = Path(dst)
    fmt = dst_format or _SUFFIXES.get(target.suffix)
    if fmt not in WRITABLE_FORMATS:
        raise ValueError(
            f"{target}: cannot infer the output format from its suffix; pass dst_format "
            f"(one of {list(WRITABLE_FORMATS)})"
            if fmt is None
            else f"cannot write format {fmt!r}; writable formats: {list(WRITABLE_FORMATS)}"
        )
    documents = load_documents(src, src_format)
    if fmt == "native":
        write_native(documents, target)
    else:
        write_conll(documents, target)
    return len(documents)
