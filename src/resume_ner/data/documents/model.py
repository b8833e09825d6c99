"""What reading a document gives (its text and how it was read), its limits and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DocumentKind = Literal["pdf", "docx", "image", "text"]
"""The kind of a file, from its leading bytes."""
ReadMethod = Literal["text_layer", "ocr", "docx", "text"]
"""How the text was read: a PDF's text layer, OCR of pixels, a DOCX's XML, or plain text."""


class DocumentError(ValueError):
    """A file that cannot be read, with the HTTP status and error code the service answers.

    400 corrupt, encrypted, unsafe or text-less files; 413 files over a limit; 415 kinds that
    are not read.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class DocumentLimits:
    """Limits applied while reading a file."""

    max_pdf_pages: int = 50
    max_docx_uncompressed_bytes: int = 100_000_000
    max_docx_ratio: float = 200.0
    max_image_pixels: int = 40_000_000
    max_image_pages: int = 20


@dataclass(frozen=True)
class ReadDocument:
    """The text of a file and how it was read.

    Attributes:
        kind: What the file is.
        text: Its text, lines in reading order.
        method: How the text was read; a PDF read partly by OCR says ``ocr``.
        pages: Pages (PDF, multi-page TIFF), when the kind has pages.
        ocr_confidence: Mean recognition confidence (0-1) of the OCR lines, when OCR ran.
    """

    kind: DocumentKind
    text: str
    method: ReadMethod
    pages: int | None = None
    ocr_confidence: float | None = None

    def how_read(self) -> dict[str, object]:
        """How the file was read, as the records of ``predict`` and ``extract`` show it."""
        return {
            "kind": self.kind,
            "method": self.method,
            "pages": self.pages,
            "ocr_confidence": self.ocr_confidence,
        }
