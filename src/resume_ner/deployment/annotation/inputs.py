"""The documents to pre-annotate: files read to text, each distinct text once, minus excluded."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from resume_ner.deployment.annotation.exclude import text_hash
from resume_ner.deployment.annotation.formats import AnnotationDocument


@dataclass
class Collected:
    """What :func:`collect` kept and why it left the rest out."""

    documents: list[AnnotationDocument] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """``"<file>: <error>"`` for each file that could not be read."""
    excluded: int = 0
    """Documents whose text hash is among the labelled ones."""
    duplicates: int = 0
    """Documents whose text repeats an earlier input's."""
    empty: int = 0
    """Documents with no text."""


def collect(inputs: Iterable[str], exclude: Collection[str] = ()) -> Collected:
    """Read the files of ``inputs`` (see ``extraction.list_inputs``) into documents.

    Args:
        inputs: Files, folders and globs.
        exclude: Text hashes (:func:`~resume_ner.deployment.annotation.text_hash`) to skip.

    Raises:
        FileNotFoundError: For an input that does not exist.
        ValueError: If no input is given.
    """
    from resume_ner.data.documents import DocumentError, read_file
    from resume_ner.deployment.extraction import list_inputs

    collected = Collected()
    seen: set[str] = set()
    for path in list_inputs(inputs):
        try:
            text = read_file(path).text
        except (DocumentError, OSError) as exc:
            collected.failed.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
            continue
        if not text.strip():
            collected.empty += 1
            continue
        key = text_hash(text)
        if key in exclude:
            collected.excluded += 1
        elif key in seen:
            collected.duplicates += 1
        else:
            seen.add(key)
            collected.documents.append(AnnotationDocument(text, str(path)))
    return collected
