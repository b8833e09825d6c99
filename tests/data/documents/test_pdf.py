"""PDF reading: reading order of one- and two-column pages, scanned pages through OCR, errors."""

from __future__ import annotations

import sys
import threading
import types
from dataclasses import dataclass

import pytest

from document_files import encrypted_pdf, owner_only_pdf, pdf_with_text
from resume_ner.data.documents import DocumentError, DocumentLimits, read_document
from resume_ner.data.documents.columns import reading_regions
from resume_ner.testing.documents import (
    join_pdfs,
    resume_columns,
    resume_pdf,
    resume_texts,
    scanned_pdf,
)

LIMITS = DocumentLimits(max_pdf_pages=5)
TEXTS = resume_texts(3, seed=7)


def _words(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Ocr:
    text: str
    confidence: float | None


@pytest.fixture
def ocr(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Replace the OCR module with a recognizer that records each image's size and reads
    ``scanned page N`` with confidence 0.8, then 0.6, ..."""
    seen: list[tuple[int, int]] = []

    def recognize(image: object) -> _Ocr:
        seen.append(image.size)  # type: ignore[attr-defined]
        return _Ocr(f"scanned page {len(seen)}", round(1.0 - 0.2 * len(seen), 2))

    module = types.ModuleType("resume_ner.data.documents.ocr")
    module.recognize = recognize  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "resume_ner.data.documents.ocr", module)
    return seen


def _page_image(text: str = "Jane Doe") -> object:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1275, 1650), 255)  # US Letter at 150 dpi
    ImageDraw.Draw(image).text((100, 100), text, fill=0)
    return image


@pytest.mark.parametrize("text", TEXTS)
def test_single_column_text_comes_out_as_drawn(text: str) -> None:
    read = read_document(resume_pdf(text, columns=1), LIMITS)
    assert (read.kind, read.method, read.pages, read.ocr_confidence) == (
        "pdf",
        "text_layer",
        1,
        None,
    )
    assert _words(read.text) == _words(resume_columns(text, 1)[0])


@pytest.mark.parametrize("drawn", ["rows", "columns"])
@pytest.mark.parametrize("text", TEXTS)
def test_two_column_text_comes_out_column_by_column(text: str, drawn: str) -> None:
    left, right = resume_columns(text, 2)
    read = read_document(resume_pdf(text, columns=2, drawn=drawn), LIMITS)  # type: ignore[arg-type]
    lines = read.text.splitlines()
    last_left = max(i for i, line in enumerate(lines) if line == left.splitlines()[-1].rstrip())
    first_right = lines.index(right.splitlines()[0].rstrip())
    assert first_right == last_left + 1
    assert _words(read.text) == _words(left + "\n" + right)


def test_drawing_order_alone_mixes_the_columns() -> None:
    """The generated two-column page really interleaves its columns in the content stream."""
    import pypdfium2 as pdfium

    text = TEXTS[0]
    left, right = resume_columns(text, 2)
    page = pdfium.PdfDocument(resume_pdf(text, columns=2))[0]
    in_stream = page.get_textpage().get_text_range()
    assert _words(in_stream) != _words(left + "\n" + right)


def _line(y: float, *runs: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    """Character boxes 5 points wide along ``runs`` of one line at height ``y``."""
    boxes = []
    for start, stop in runs:
        x = start
        while x + 5 <= stop:
            boxes.append((x, y, x + 5, y + 7))
            x += 6
    return boxes


def test_a_full_width_header_is_read_before_the_columns() -> None:
    boxes = _line(740, (40, 560))  # the name, across the gutter
    for row in range(8):
        boxes += _line(700 - 12 * row, (40, 200), (260, 560))
    regions = reading_regions(boxes, 612)
    assert regions is not None
    header, left, right = regions
    assert header[0] == 0 and header[2] == 612 and header[1] > left[3] - 1
    assert left[2] == right[0] and 200 < left[2] < 260
    assert left[1] == right[1] and left[3] == right[3]


def test_single_column_with_right_aligned_dates_stays_one_column() -> None:
    boxes: list[tuple[float, float, float, float]] = []
    y = 740.0
    for _ in range(6):
        boxes += _line(y, (40, 200), (460, 560))  # "Business Analyst        2019 - 2023"
        boxes += _line(y - 12, (40, 540))  # a bullet across the page
        boxes += _line(y - 24, (40, 500))
        y -= 36
    assert reading_regions(boxes, 612) is None


def test_scanned_page_is_read_by_ocr(ocr: list[tuple[int, int]]) -> None:
    read = read_document(scanned_pdf([_page_image()]), LIMITS)
    assert (read.text, read.method, read.pages, read.ocr_confidence) == (
        "scanned page 1",
        "ocr",
        1,
        0.8,
    )
    assert ocr == [(1700, 2200)]  # US Letter rendered at 200 dpi


def test_scanned_and_text_pages_give_both_texts_in_order(ocr: list[tuple[int, int]]) -> None:
    text = TEXTS[1]
    data = join_pdfs(scanned_pdf([_page_image()]), resume_pdf(text), scanned_pdf([_page_image()]))
    read = read_document(data, LIMITS)
    first, *middle, last = read.text.splitlines()
    assert (first, last) == ("scanned page 1", "scanned page 2")
    assert _words("\n".join(middle)) == _words(resume_columns(text)[0])
    assert (read.method, read.pages, read.ocr_confidence) == ("ocr", 3, pytest.approx(0.7))


def test_blank_pages_are_not_sent_to_ocr(ocr: list[tuple[int, int]]) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(pdf_with_text([]), LIMITS)
    assert (info.value.status, info.value.code) == (400, "no_text")
    assert ocr == []


def test_ocr_errors_name_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def recognize(image: object) -> _Ocr:
        raise DocumentError(400, "ocr_failed", "no text lines were found")

    module = types.ModuleType("resume_ner.data.documents.ocr")
    module.recognize = recognize  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "resume_ner.data.documents.ocr", module)
    data = join_pdfs(pdf_with_text(["Jane Doe, Python developer"]), scanned_pdf([_page_image()]))
    with pytest.raises(DocumentError) as info:
        read_document(data, LIMITS)
    assert (info.value.code, info.value.message) == (
        "ocr_failed",
        "page 2 of the PDF (scanned): no text lines were found",
    )


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(DocumentError) as info:
        read_document(encrypted_pdf(["Jane Doe, Python developer"]), LIMITS)
    assert (info.value.status, info.value.code, info.value.message) == (
        400,
        "encrypted_document",
        "the PDF is password-protected; send an unlocked copy",
    )


def test_owner_password_only_pdf_is_read() -> None:
    read = read_document(owner_only_pdf(["Jane Doe, Python developer"]), LIMITS)
    assert read.text == "Jane Doe, Python developer"


def test_truncated_pdf_is_corrupt() -> None:
    with pytest.raises(DocumentError) as info:
        read_document(pdf_with_text(["Jane Doe"])[:300], LIMITS)
    assert (info.value.status, info.value.code) == (400, "corrupt_document")
    assert info.value.message.startswith("the PDF cannot be read: ")


def test_too_many_pages_is_413_before_any_page_is_read(ocr: list[tuple[int, int]]) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(pdf_with_text(["Jane Doe"], pages=6), LIMITS)
    assert (info.value.status, info.value.code, info.value.message) == (
        413,
        "too_many_pages",
        "the PDF has 6 pages; the limit is 5",
    )


def test_concurrent_reads_each_get_their_own_text() -> None:
    datas = [resume_pdf(text, columns=2) for text in TEXTS]
    expected = [_words("\n".join(resume_columns(text, 2))) for text in TEXTS]
    results: dict[int, str] = {}

    def work(index: int) -> None:
        for _ in range(3):
            results[index] = _words(read_document(datas[index % 3], LIMITS).text)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[index] for index in range(6)] == expected * 2
