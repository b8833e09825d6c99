"""Images read through OCR: formats, EXIF rotation, TIFF pages, and the bad-input errors."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest

from document_files import png_header_only
from resume_ner.data.documents import DocumentError, DocumentLimits, read_document
from resume_ner.data.documents.ocr import Word, order_lines
from resume_ner.testing.documents import character_error_rate
from resume_ner.testing.page_images import image_bytes, multipage_tiff, render_text_image

if TYPE_CHECKING:
    from PIL import Image

LIMITS = DocumentLimits()
RESUME = "Jane Doe\njane.doe@example.com\nSenior Data Engineer at Acme Corp"
MAX_CER = 0.05
"""Clean 150 dpi renderings of short lines read back nearly exactly."""


def _small(text: str, dpi: int = 150) -> Image.Image:
    """The rendered text cropped to its ink and a 20-pixel border (keeps OCR fast)."""
    from PIL import ImageOps

    image = render_text_image(text, dpi)
    left, top, right, bottom = ImageOps.invert(image).getbbox() or (0, 0, 1, 1)
    return image.crop((left - 20, top - 20, right + 20, bottom + 20))


def _crop(text: str, dpi: int = 150) -> bytes:
    return image_bytes(_small(text, dpi))


def _error(data: bytes, limits: DocumentLimits = LIMITS) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(data, limits)
    return caught.value


def test_png_resume_reads_back_through_ocr() -> None:
    read = read_document(_crop(RESUME), LIMITS)
    assert (read.kind, read.method, read.pages) == ("image", "ocr", 1)
    assert character_error_rate(RESUME, read.text) < MAX_CER, read.text
    assert read.text.splitlines()[0] == "Jane Doe"
    assert read.ocr_confidence is not None and 0.5 < read.ocr_confidence <= 1


def test_exif_rotated_jpeg_reads_upright() -> None:
    from PIL import Image

    image = _small("Jane Doe\nAcme Corp")
    data = image_bytes(image, "JPEG", exif_orientation=6)
    assert Image.open(io.BytesIO(data)).size == image.size[::-1]  # stored on its side
    read = read_document(data, LIMITS)
    assert character_error_rate("Jane Doe\nAcme Corp", read.text) < MAX_CER, read.text


def test_multipage_tiff_pages_in_order_and_webp() -> None:
    pages = [_small(text) for text in ("Page One", "Page Two")]
    read = read_document(multipage_tiff(pages), LIMITS)
    assert (read.kind, read.pages) == ("image", 2)
    assert read.text.splitlines() == ["Page One", "Page Two"]
    webp = read_document(image_bytes(pages[1], "WEBP"), LIMITS)
    assert webp.text == "Page Two"


def test_too_many_tiff_pages_is_413() -> None:
    blank = render_text_image("x", 30).crop((0, 0, 10, 10))
    error = _error(multipage_tiff([blank] * 3), DocumentLimits(max_image_pages=2))
    assert (error.status, error.code) == (413, "too_many_pages")
    assert "3 pages; the limit is 2" in error.message


def test_truncated_png_is_400() -> None:
    data = _crop(RESUME)
    error = _error(data[: len(data) // 2])
    assert (error.status, error.code) == (400, "corrupt_document")
    assert "the image cannot be read" in error.message


def test_decompression_bomb_is_413_before_decoding() -> None:
    error = _error(png_header_only(100_000, 100_000))
    assert (error.status, error.code) == (413, "image_too_large")
    small = _error(png_header_only(5_000, 5_000), DocumentLimits(max_image_pixels=1_000_000))
    assert small.status == 413 and "5000x5000 = 25000000 pixels" in small.message


def test_zero_size_image_is_400() -> None:
    error = _error(png_header_only(0, 0))
    assert error.status == 400 and error.code in {"corrupt_document", "empty_image"}


def test_blank_image_is_400_no_text() -> None:
    from PIL import Image

    error = _error(image_bytes(Image.new("L", (200, 80), 255)))
    assert (error.status, error.code) == (400, "no_text")


def test_order_lines_groups_by_height_then_left_to_right() -> None:
    words = [
        Word("Engineer", 120, 52, 80, 20, 0.9),
        Word("Doe", 60, 10, 40, 22, 0.9),
        Word("Data", 10, 50, 50, 20, 0.9),
        Word("Jane", 10, 12, 40, 20, 0.9),
        Word("Right", 400, 10, 40, 20, 0.9, block=2),
    ]
    assert order_lines(words) == ["Jane Doe", "Data Engineer", "Right"]
