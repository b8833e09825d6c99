"""File bytes -> plain text: the kind from magic bytes; PDF (``pdf.py``), DOCX via python-docx."""

from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path
from typing import Any

from resume_ner.common.shared.redact import safe_cause
from resume_ner.data.documents.images import is_image, read_image
from resume_ner.data.documents.model import (
    DocumentError,
    DocumentKind,
    DocumentLimits,
    ReadDocument,
)
from resume_ner.data.documents.pdf import read_pdf

logger = logging.getLogger(__name__)

DOCX_MAIN_PART = "word/document.xml"
"""The part every DOCX (OOXML word-processing package) contains."""
MAX_ZIP_MEMBERS = 5_000
"""A DOCX with more zip members than this is refused."""
RATIO_CHECK_MIN_BYTES = 1_000_000
"""Members smaller than this (uncompressed) are not checked for their compression ratio."""

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNSUPPORTED = (
    "unsupported file type: send a PDF, a DOCX, an image (PNG, JPEG, TIFF, WebP) or UTF-8 text"
)


def _bad(code: str, message: str) -> DocumentError:
    return DocumentError(400, code, message)


def _unsupported(message: str = _UNSUPPORTED) -> DocumentError:
    return DocumentError(415, "unsupported_media_type", message)


def detect_kind(data: bytes) -> DocumentKind:
    """The document type from its leading bytes; 415 ``DocumentError`` for a legacy .doc file."""
    if _PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if is_image(data):
        return "image"
    if data.startswith(_OLE_MAGIC):
        raise _unsupported("legacy .doc files are not supported: save the file as DOCX or PDF")
    return "text"


def _decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unsupported(f"{_UNSUPPORTED} (byte {exc.start} is not UTF-8)") from None
    if "\x00" in text:
        raise _unsupported(f"{_UNSUPPORTED} (the file contains NUL bytes: binary data)")
    return text


def check_zip_safety(archive: zipfile.ZipFile, limits: DocumentLimits) -> None:
    """Refuse zip bombs from the declared sizes, before anything is decompressed.

    Raises:
        ApiError: 400 ``unsafe_document`` for too many members, a declared total size over the
            limit, or a large member compressed more than ``max_docx_ratio`` times.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise _bad("unsafe_document", f"the DOCX has {len(members)} zip members (zip bomb?)")
    total = sum(info.file_size for info in members)
    if total > limits.max_docx_uncompressed_bytes:
        raise _bad(
            "unsafe_document",
            f"the DOCX would expand to {total} bytes; the limit is "
            f"{limits.max_docx_uncompressed_bytes} (zip bomb?)",
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_BYTES and ratio > limits.max_docx_ratio:
            raise _bad(
                "unsafe_document",
                f"DOCX member {info.filename} is compressed {ratio:.0f}:1; the limit is "
                f"{limits.max_docx_ratio:g}:1 (zip bomb?)",
            )


def _docx_blocks(document: Any) -> list[str]:
    lines: list[str] = []
    for section in document.sections:
        if not section.header.is_linked_to_previous:
            lines += [p.text for p in section.header.paragraphs]
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines += ["\t".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return lines


def _docx_text(data: bytes, limits: DocumentLimits) -> ReadDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _bad(
            "corrupt_document", f"the DOCX is not a readable zip archive: {safe_cause(exc)}"
        ) from None
    with archive:
        if DOCX_MAIN_PART not in archive.namelist():
            raise _unsupported(f"a zip archive without {DOCX_MAIN_PART} is not a DOCX")
        check_zip_safety(archive, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = _docx_blocks(document)
    except Exception as exc:
        raise _bad("corrupt_document", f"the DOCX cannot be read: {safe_cause(exc)}") from None
    return ReadDocument("docx", "\n".join(lines), "docx")


def read_document(data: bytes, limits: DocumentLimits) -> ReadDocument:
    """The text of an uploaded PDF, DOCX, image (PNG, JPEG, TIFF, WebP; OCR) or UTF-8 text file.

    Blocking (parsing, OCR of images and scanned PDF pages); call it off the event loop.

    Raises:
        DocumentError: 400 corrupt, encrypted, unsafe (zip bomb), empty or text-less documents;
            413 too many PDF or TIFF pages, images over ``max_image_pixels``; 415 any other
            type; 503 ``ocr_unavailable`` when an image arrives and Tesseract is missing.
    """
    kind = detect_kind(data)
    if kind == "pdf":
        extracted = read_pdf(data, limits)
    elif kind == "docx":
        extracted = _docx_text(data, limits)
    elif kind == "image":
        extracted = read_image(data, limits)
    else:
        extracted = ReadDocument("text", _decode_text(data), "text")
    if not extracted.text.strip():
        hint = " (neither a text layer nor text that OCR could read)" if kind == "pdf" else ""
        raise _bad("no_text", f"the {kind.upper()} contains no extractable text{hint}")
    logger.debug("extracted %d characters from a %s", len(extracted.text), kind)
    return extracted


def read_file(path: str | os.PathLike[str], limits: DocumentLimits | None = None) -> ReadDocument:
    """The text of a PDF, DOCX, image or text file on disk (see :func:`read_document`).

    Args:
        path: The file; its kind comes from its bytes, not its suffix.
        limits: Limits while reading (default ``DocumentLimits()``).

    Raises:
        DocumentError: As :func:`read_document`, its message starting with the file name.
        OSError: If the file cannot be read (``FileNotFoundError`` names it).
    """
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{file_path}: no such file") from None
    except IsADirectoryError:
        raise IsADirectoryError(f"{file_path}: is a folder, expected a file") from None
    try:
        return read_document(data, limits or DocumentLimits())
    except DocumentError as exc:
        raise DocumentError(exc.status, exc.code, f"{file_path}: {exc.message}") from None
