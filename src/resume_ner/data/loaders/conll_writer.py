"""Writing documents as CoNLL BIO (IOB2): whitespace tokens, one sentence per text line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from resume_ner.common.shared import atomic_write_text
from resume_ner.data.loaders.conll import DOCSTART
from resume_ner.data.loaders.document import Document, Span

_TOKEN = re.compile(r"\S+")


class ConllAlignmentError(ValueError):
    """A span cannot be written as BIO tags over whitespace tokens; the message says which."""


def _tokens(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, sentence)`` of every whitespace token; each text line is a sentence."""
    tokens: list[tuple[int, int, int]] = []
    line_start = 0
    for sentence, line in enumerate(text.split("\n")):
        tokens.extend(
            (line_start + m.start(), line_start + m.end(), sentence) for m in _TOKEN.finditer(line)
        )
        line_start += len(line) + 1
    return tokens


def _problem(
    span: Span,
    tokens: list[tuple[int, int, int]],
    starts: dict[int, int],
    ends: dict[int, int],
    tags: list[str],
) -> str | None:
    if any(char in span.label for char in "\t\n\r"):
        return "its label contains a tab or line break"
    first, last = starts.get(span.start), ends.get(span.end)
    if first is None or last is None or last < first:
        return "its ends do not fall on whitespace token boundaries"
    if tokens[first][2] != tokens[last][2]:
        return "it crosses a line break (each line is written as one sentence)"
    if any(tag != "O" for tag in tags[first : last + 1]):
        return "it overlaps another span"
    return None


def _document_lines(document: Document) -> list[str]:
    tokens = _tokens(document.text)
    starts = {start: index for index, (start, _, _) in enumerate(tokens)}
    ends = {end: index for index, (_, end, _) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for span in document.spans:
        reason = _problem(span, tokens, starts, ends, tags)
        if reason is not None:
            raise ConllAlignmentError(
                f"document {document.id!r}: span [{span.start}, {span.end}) {span.label} "
                f"{span.text_in(document.text)[:60]!r}: {reason}"
            )
        first, last = starts[span.start], ends[span.end]
        tags[first] = f"B-{span.label}"
        tags[first + 1 : last + 1] = [f"I-{span.label}"] * (last - first)
    lines = [f"{DOCSTART}\tO", ""]
    for index, (start, end, sentence) in enumerate(tokens):
        if index and sentence != tokens[index - 1][2]:
            lines.append("")
        token = document.text[start:end]
        if token == DOCSTART:
            raise ConllAlignmentError(f"document {document.id!r}: contains the token {DOCSTART}")
        lines.append(f"{token}\t{tags[index]}")
    lines.append("")
    return lines


def write_conll(documents: Iterable[Document], path: str | os.PathLike[str]) -> Path:
    """Atomically write documents as CoNLL BIO with a ``-DOCSTART-`` line before each.

    Tokens are the whitespace-separated pieces of the text; each line of the text is one
    sentence (lines without tokens are left out), so reading the file back gives the text with
    single spaces between tokens and newlines between lines.

    Raises:
        ConllAlignmentError: Naming the document and the first span BIO cannot express (ends
            not on token boundaries, crossing a line, overlapping another).
    """
    target = Path(path)
    lines: list[str] = []
    for document in documents:
        try:
            lines.extend(_document_lines(document))
        except ConllAlignmentError as exc:
            raise ConllAlignmentError(f"{target}: {exc}") from None
    return atomic_write_text(target, "\n".join(lines) + ("\n" if lines else ""))
