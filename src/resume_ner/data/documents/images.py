"""PNG, JPEG, TIFF (every page) and WebP files -> text through OCR, with pixel and page limits."""

from __future__ import annotations

import io
import logging
import warnings
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.redact import safe_cause
from resume_ner.data.documents.model import DocumentError, DocumentLimits, ReadDocument

if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
)
"""Leading bytes of PNG, JPEG and TIFF (little- and big-endian) files."""


def is_image(data: bytes) -> bool:
    """Whether ``data`` starts like a PNG, JPEG, TIFF or WebP file."""
    return data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _too_large(message: str) -> DocumentError:
    return DocumentError(413, "image_too_large", message)


def _open(data: bytes, limits: DocumentLimits) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(
            f"the image is too large to decode (decompression bomb?): {safe_cause(exc)}; "
            f"the limit is {limits.max_image_pixels} pixels a page"
        ) from None
    except UnidentifiedImageError:
        message = "the image cannot be read: its header is not a valid image"
        raise DocumentError(400, "corrupt_document", message) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise DocumentError(
            400, "corrupt_document", f"the image cannot be read: {safe_cause(exc)}"
        ) from None


def _check_size(width: int, height: int, page: int, limits: DocumentLimits) -> None:
    where = f"page {page} of the image" if page > 1 else "the image"
    if width <= 0 or height <= 0:
        raise DocumentError(400, "empty_image", f"{where} is {width}x{height} pixels: no content")
    if width * height > limits.max_image_pixels:
        raise _too_large(
            f"{where} is {width}x{height} = {width * height} pixels; the limit is "
            f"{limits.max_image_pixels} (decompression bomb?)"
        )


def load_pages(data: bytes, limits: DocumentLimits) -> list[Image.Image]:
    """Every page of an image file, decoded and turned upright by its EXIF orientation.

    Sizes and page counts are checked from the headers before any pixel is decoded.

    Raises:
        DocumentError: 400 ``corrupt_document`` (truncated or unreadable), 400 ``empty_image``
            (0 pixels wide or high); 413 ``image_too_large`` (over ``max_image_pixels`` a
            page), 413 ``too_many_pages`` (a TIFF over ``max_image_pages``).
    """
    from PIL import Image, ImageOps

    image = _open(data, limits)
    count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if count > limits.max_image_pages:
        raise DocumentError(
            413,
            "too_many_pages",
            f"the TIFF has {count} pages; the limit is {limits.max_image_pages}",
        )
    pages: list[Image.Image] = []
    for number in range(1, count + 1):
        where = f"page {number} of the TIFF" if count > 1 else "the image"
        try:
            image.seek(number - 1)
            _check_size(image.width, image.height, number, limits)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                pages.append(ImageOps.exif_transpose(image.copy()))
        except DocumentError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(f"{where} is too large to decode: {safe_cause(exc)}") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise DocumentError(
                400, "corrupt_document", f"{where} cannot be read: {safe_cause(exc)}"
            ) from None
    return pages


def read_image(data: bytes, limits: DocumentLimits) -> ReadDocument:
    """The text of an image file, every page through OCR, pages joined by line breaks.

    Raises:
        DocumentError: as :func:`load_pages`; 400 ``no_text`` when OCR finds no text.
    """
    from resume_ner.data.documents.ocr import recognize

    pages = load_pages(data, limits)
    texts: list[str] = []
    confidences: list[float] = []
    for page in pages:
        result = recognize(page)
        texts.append(result.text)
        if result.confidence is not None:
            confidences.append(result.confidence)
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        raise DocumentError(400, "no_text", "OCR found no text in the image")
    mean = sum(confidences) / len(confidences) if confidences else None
    logger.debug("OCR read %d pages, mean confidence %s", len(pages), mean)
    return ReadDocument("image", text, "ocr", pages=len(pages), ocr_confidence=mean)
