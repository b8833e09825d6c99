"""Documents already labelled: a hash of normalised text, read from a tool's export."""

from __future__ import annotations

import hashlib
import os
import unicodedata

_FORMATS = {"label-studio": "label_studio", "doccano": "doccano"}


def text_hash(text: str) -> str:
    """SHA-256 of the text after NFKC, case folding and collapsing whitespace.

    The same resume exported by a tool (which may trim or re-wrap lines) and read again from
    its file hashes alike.
    """
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def labelled_hashes(path: str | os.PathLike[str], format: str = "auto") -> set[str]:
    """Text hashes of the labelled documents of a Label Studio or Doccano export.

    Label Studio tasks without a kept annotation are not labelled and are not returned.

    Args:
        path: The export file.
        format: ``auto`` (detected), ``label-studio`` or ``doccano``.

    Raises:
        ValueError: For an unknown format.
        DataFormatError: For a malformed export.
    """
    from resume_ner.data.loaders import load_documents

    name = _FORMATS.get(format, format)
    documents = load_documents(path, name)
    return {text_hash(doc.text) for doc in documents if not doc.meta.get("unannotated")}
