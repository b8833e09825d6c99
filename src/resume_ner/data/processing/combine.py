"""Concatenating named datasets with de-duplication by text hash and provenance in metadata."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from resume_ner.data.loaders.document import Document


@dataclass(frozen=True)
class Duplicate:
    """A document left out because an earlier one has the same text."""

    document: Document
    kept_id: str


def text_hash(text: str) -> str:
    """SHA-256 hex digest of a document text (the de-duplication key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unique_id(preferred: str, source: str, used: set[str]) -> str:
    candidate = preferred if preferred not in used else f"{source}:{preferred}"
    base, suffix = candidate, 2
    while candidate in used:
        candidate = f"{base}-{suffix}"
        suffix += 1
    used.add(candidate)
    return candidate


def combine_with_duplicates(
    named: Sequence[tuple[str, Sequence[Document]]], *, dedupe: bool = True
) -> tuple[list[Document], list[Duplicate]]:
    """Concatenate datasets in order, keeping the first of documents with the same text.

    Each kept document gets ``meta["sources"]``: the names of every dataset holding its text
    (a duplicate adds its dataset's name to the kept document). Ids stay as they are unless
    already taken, then become ``"<dataset>:<id>"`` (plus ``-2``, ``-3``, ... if needed).
    """
    kept: list[Document] = []
    sources: list[list[str]] = []
    by_hash: dict[str, int] = {}
    duplicates: list[Duplicate] = []
    used: set[str] = set()
    for name, documents in named:
        for document in documents:
            key = text_hash(document.text)
            if dedupe and key in by_hash:
                index = by_hash[key]
                if name not in sources[index]:
                    sources[index].append(name)
                duplicates.append(Duplicate(document, kept[index].id))
                continue
            by_hash.setdefault(key, len(kept))
            doc_id = _unique_id(document.id, name, used)
            kept.append(Document(doc_id, document.text, document.spans, document.meta))
            sources.append([*document.meta.get("sources", ()), name])
    combined = [
        document.with_meta(sources=list(dict.fromkeys(names)))
        for document, names in zip(kept, sources, strict=True)
    ]
    return combined, duplicates
