"""CoNLL BIO files: ``token<TAB or space>tag`` per line, a blank line between sentences.

Documents are separated by ``-DOCSTART-`` lines; a file without any is read as one document
per blank-line-separated block. The text is rebuilt by joining tokens with single spaces and
sentences with newlines, so spans get exact character offsets. With several columns the tag
is the last one. Tags are read leniently: IOB2 (``B-``/``I-``), IOB1 (an ``I-`` after ``O`` or
after another label starts an entity; counted as the loader note ``entity_started_with_i``)
and BIOES (``E-`` ends, ``S-`` is a single-token entity).
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import DataFormatError, RecordReader
from resume_ner.data.loaders.records import IdAllocator, provenance, read_text

FORMAT = "conll"
DOCSTART = "-DOCSTART-"
TAG_PATTERN = re.compile(r"^(?:O|[BIES]-\S.*)$")

logger = logging.getLogger(__name__)

_Token = tuple[str, str, int]
_Sentence = list[_Token]


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return [part.strip() for part in line.split("\t") if part.strip()]
    return line.split()


def _sections(path: Path, lines: list[str]) -> list[list[_Sentence]]:
    """Group token lines into documents of sentences."""
    has_docstart = any(line.lstrip().startswith(DOCSTART) for line in lines)
    documents: list[list[_Sentence]] = [[]]
    sentence: _Sentence = []
    for number, line in enumerate(lines, start=1):
        parts = _fields(line)
        if not parts or parts[0] == DOCSTART:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            if parts or not has_docstart:
                documents.append([])
            continue
        if len(parts) < 2:
            raise DataFormatError(
                path, f"expected 'token<TAB>tag', got {line.strip()!r}", line=number, field="tag"
            )
        tag = parts[-1]
        if not TAG_PATTERN.match(tag):
            raise DataFormatError(
                path, f"expected O, B-LABEL or I-LABEL, got {tag!r}", line=number, field="tag"
            )
        sentence.append((parts[0], tag, number))
    if sentence:
        documents[-1].append(sentence)
    return [document for document in documents if document]


@dataclass
class _Builder:
    parts: list[str] = field(default_factory=list)
    offset: int = 0
    spans: list[Span] = field(default_factory=list)
    current: list[Any] | None = None
    notes: Counter[str] = field(default_factory=Counter)

    def close(self) -> None:
        if self.current is not None:
            self.spans.append(Span(*self.current))
            self.current = None

    def add(self, token: str, tag: str) -> None:
        start, end = self.offset, self.offset + len(token)
        self.parts.append(token)
        self.offset = end
        prefix, label = tag[0], tag[2:]
        if prefix == "O":
            self.close()
        elif prefix in "BS" or self.current is None or self.current[2] != label:
            if prefix in "IE":
                self.notes["entity_started_with_i"] += 1
            self.close()
            self.current = [start, end, label]
        else:
            self.current[1] = end
        if prefix in "ES":
            self.close()

    def separator(self, text: str) -> None:
        self.parts.append(text)
        self.offset += len(text)


def _build(sentences: list[_Sentence]) -> _Builder:
    builder = _Builder()
    for index, sentence in enumerate(sentences):
        builder.close()
        if index:
            builder.separator("\n")
        for position, (token, tag, _) in enumerate(sentence):
            if position:
                builder.separator(" ")
            builder.add(token, tag)
    builder.close()
    return builder


def read_conll(path: str | os.PathLike[str]) -> list[Document]:
    """Read a CoNLL BIO file into documents with exact character spans.

    Raises:
        DataFormatError: Naming the file, line and the bad tag or line.
    """
    file_path = Path(path)
    ids = IdAllocator()
    documents = []
    started_with_i = 0
    for index, sentences in enumerate(_sections(file_path, read_text(file_path).splitlines())):
        builder = _build(sentences)
        text = "".join(builder.parts)
        meta = provenance(RecordReader(file_path, sentences[0][0][2], index), FORMAT)
        if builder.notes:
            meta["loader_notes"] = dict(builder.notes)
            started_with_i += builder.notes["entity_started_with_i"]
        documents.append(Document(ids.allocate(None, text), text, tuple(builder.spans), meta))
    if started_with_i:
        logger.info(
            "%s: %d entities start with I- (IOB1 style); read leniently", file_path, started_with_i
        )
    return documents


def looks_conll(head: str) -> bool:
    """Whether the first non-blank line of a text file is a ``-DOCSTART-`` or a token and tag."""
    for line in head.splitlines():
        parts = _fields(line)
        if not parts:
            continue
        return parts[0] == DOCSTART or (len(parts) >= 2 and bool(TAG_PATTERN.match(parts[-1])))
    return False
