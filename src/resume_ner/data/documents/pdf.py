"""PDF bytes -> text with pypdfium2: the text layer in reading order (two-column pages column
by column), and pages without a text layer through OCR."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.redact import safe_cause
from resume_ner.data.documents.columns import reading_regions
from resume_ner.data.documents.model import (
    DocumentError,
    DocumentLimits,
    ReadDocument,
    ReadMethod,
)

if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

MIN_TEXT_LAYER_CHARS = 16
"""A page with an image whose text layer has fewer non-space characters than this is read by
OCR (a scan may carry a stray stamp or page number as text)."""
OCR_DPI = 200
"""Resolution at which a page without a text layer is rendered for OCR."""
MAX_RENDER_PIXELS = 40_000_000
"""A rendered page never has more pixels than this; huge pages render below ``OCR_DPI``."""
BLANK_LEVEL = 200
"""A rendered page without a pixel darker than this grey level (0-255) is blank."""
_PASSWORD_ERROR = 4
"""PDFium's FPDF_ERR_PASSWORD."""

_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: every call into it holds this lock."""


def _bad(code: str, message: str) -> DocumentError:
    return DocumentError(400, code, message)


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise _bad(
                "encrypted_document", "the PDF is password-protected; send an unlocked copy"
            ) from None
        raise _bad("corrupt_document", f"the PDF cannot be read: {safe_cause(exc)}") from None


def _clean(text: str) -> str:
    """PDFium's text: line breaks as ``\\n``, no trailing spaces, no NUL or BOM characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "").replace("\ufeff", "").replace("\ufffe", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _layer_text(page: Any) -> str:
    """The page's text layer, two-column pages read column by column."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        boxes = [textpage.get_charbox(index) for index in range(count)]
        regions = reading_regions(boxes, page.get_width())
        if regions is None:
            return _clean(textpage.get_text_range())
        parts = (_clean(textpage.get_text_bounded(*region)) for region in regions)
        return "\n".join(part for part in parts if part)
    finally:
        textpage.close()


def _render(page: Any) -> Image.Image:
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image: Image.Image = bitmap.to_pil().copy()
        return image
    finally:
        bitmap.close()


def _ocr(image: Image.Image, number: int) -> tuple[str, float | None]:
    from resume_ner.data.documents.ocr import recognize

    try:
        result = recognize(image)
    except DocumentError as exc:
        raise DocumentError(
            exc.status, exc.code, f"page {number} of the PDF (scanned): {exc.message}"
        ) from None
    return result.text, result.confidence


def read_pdf(data: bytes, limits: DocumentLimits) -> ReadDocument:
    """The text of a PDF, page by page in order.

    Pages with a text layer are read from it (two-column pages column by column); pages with
    (almost) none are rendered at ``OCR_DPI`` and read by OCR. Owner-password PDFs open;
    PDFium holds a lock, so concurrent calls read one page at a time.

    Raises:
        DocumentError: 400 ``corrupt_document`` or ``encrypted_document`` (a user password);
            413 ``too_many_pages`` over ``limits.max_pdf_pages``; OCR's errors, page named.
    """
    with _PDFIUM:
        document = _open(data)
        count = len(document)
    try:
        if count > limits.max_pdf_pages:
            raise DocumentError(
                413,
                "too_many_pages",
                f"the PDF has {count} pages; the limit is {limits.max_pdf_pages}",
            )
        parts: list[str] = []
        confidences: list[float] = []
        ocr_pages = 0
        for number in range(1, count + 1):
            with _PDFIUM:
                text, image = _page(document, number)
            if image is not None:
                text, confidence = _ocr(image, number)
                ocr_pages += 1
                if confidence is not None:
                    confidences.append(confidence)
            parts.append(text)
    finally:
        with _PDFIUM:
            document.close()
    logger.debug("read %d PDF pages, %d by OCR", count, ocr_pages)
    mean = sum(confidences) / len(confidences) if confidences else None
    method: ReadMethod = "ocr" if ocr_pages else "text_layer"
    return ReadDocument("pdf", "\n".join(parts), method, pages=count, ocr_confidence=mean)


def _has_image(page: Any) -> bool:
    """Whether the page draws an image object (at any nesting depth)."""
    import pypdfium2.raw as pdfium_c

    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])), None) is not None


def _page(document: Any, number: int) -> tuple[str, Image.Image | None]:
    """Page ``number``'s text layer, or its rendering when the layer is (almost) empty, the
    page holds an image (a scan or a photo) and it is not blank."""
    try:
        page = document[number - 1]
        try:
            text = _layer_text(page)
            short = sum(not char.isspace() for char in text) < MIN_TEXT_LAYER_CHARS
            if not short or not _has_image(page):
                return text, None
            image = _render(page)
            # A blank page (no pixel darker than light grey) has nothing to recognise.
            darkest = image.getextrema()[0]  # a greyscale image: (darkest, lightest)
            return "", image if isinstance(darkest, int) and darkest < BLANK_LEVEL else None
        finally:
            page.close()
    except DocumentError:
        raise
    except Exception as exc:
        raise _bad(
            "corrupt_document", f"page {number} of the PDF cannot be read: {safe_cause(exc)}"
        ) from None
