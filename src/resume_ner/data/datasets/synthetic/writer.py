"""Text assembly that records the exact character span of every labelled piece as it is written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from resume_ner.data.loaders.document import Span

Piece = tuple[str, str | None]
"""A run of text and its label (``None``: not an entity)."""
Line = tuple[Piece, ...]
"""One output line as pieces; ``()`` is a blank line."""


def plain(text: str) -> Piece:
    """An unlabelled piece."""
    return (text, None)


def entity(text: str, label: str) -> Piece:
    """A labelled piece; its text must be non-empty with no whitespace at either end.

    Raises:
        ValueError: For empty text or text with leading/trailing whitespace.
    """
    if not text or text != text.strip():
        raise ValueError(f"entity text for {label} must be non-empty and trimmed, got {text!r}")
    return (text, label)


def joined(items: Iterable[Piece], separator: str) -> list[Piece]:
    """Pieces interleaved with an unlabelled separator."""
    out: list[Piece] = []
    for item in items:
        if out:
            out.append(plain(separator))
        out.append(item)
    return out


def width(line: Sequence[Piece]) -> int:
    """Number of characters of a line."""
    return sum(len(text) for text, _ in line)


class SpanWriter:
    """Appends pieces to a growing text; each labelled piece becomes a :class:`Span`."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._length = 0
        self._spans: list[Span] = []

    def write(self, text: str, label: str | None = None) -> None:
        """Append ``text``; if ``label`` is given, record its span."""
        if label is not None:
            self._spans.append(Span(self._length, self._length + len(text), label))
        self._chunks.append(text)
        self._length += len(text)

    def write_line(self, line: Sequence[Piece]) -> None:
        """Append the pieces of a line and a newline."""
        for text, label in line:
            self.write(text, label)
        self.write("\n")

    @property
    def text(self) -> str:
        """Everything written so far."""
        return "".join(self._chunks)

    @property
    def spans(self) -> tuple[Span, ...]:
        """The recorded spans, in writing order."""
        return tuple(self._spans)
