"""``read_file``: a file on disk read by its bytes, its errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from document_files import docx_with_text, pdf_with_text
from resume_ner.data.documents import DocumentError, DocumentLimits, read_file


def test_read_file_reads_pdf_docx_and_text_by_their_bytes(tmp_path: Path) -> None:
    (tmp_path / "cv.bin").write_bytes(pdf_with_text(["Jane Doe", "Python"], pages=2))
    (tmp_path / "cv.docx").write_bytes(docx_with_text(["Jane Doe", "Python"]))
    (tmp_path / "cv.txt").write_text("Jane Doe\nPython", encoding="utf-8")
    pdf = read_file(tmp_path / "cv.bin")
    assert (pdf.kind, pdf.method, pdf.pages) == ("pdf", "text_layer", 2)
    assert pdf.text.count("Jane Doe") == 2
    docx = read_file(str(tmp_path / "cv.docx"))
    assert (docx.kind, docx.method, docx.text) == ("docx", "docx", "Jane Doe\nPython")
    text = read_file(tmp_path / "cv.txt", DocumentLimits())
    assert (text.kind, text.method, text.text) == ("text", "text", "Jane Doe\nPython")


def test_read_file_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot a pdf at all")
    with pytest.raises(DocumentError) as caught:
        read_file(broken)
    assert caught.value.status == 400 and caught.value.code == "corrupt_document"
    assert str(caught.value).startswith(f"{broken}: the PDF cannot be read")
    many = tmp_path / "long.pdf"
    many.write_bytes(pdf_with_text(["x"], pages=3))
    with pytest.raises(DocumentError, match=r"long\.pdf: the PDF has 3 pages; the limit is 2"):
        read_file(many, DocumentLimits(max_pdf_pages=2))
    with pytest.raises(FileNotFoundError, match=r"missing\.pdf: no such file"):
        read_file(tmp_path / "missing.pdf")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        read_file(tmp_path)
