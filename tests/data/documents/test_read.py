"""Upload reading: type detection from bytes, encryption handling and zip-bomb limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from document_files import PNG_BYTES, docx_with_text, pdf_with_text, zip_of
from resume_ner.data.documents import (
    DocumentError,
    DocumentLimits,
    check_zip_safety,
    detect_kind,
    read_document,
)

LIMITS = DocumentLimits(max_pdf_pages=5, max_docx_uncompressed_bytes=10**8, max_docx_ratio=200)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_with_text(["x"]), "pdf"),
        (b"\r\n  junk before the header %PDF-1.7\n", "pdf"),
        (docx_with_text(["x"]), "docx"),
        (b"Plain resume text", "text"),
        (PNG_BYTES, "image"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image"),
        (b"GIF89a\x01\x00", "text"),  # decoding then refuses it
    ],
)
def test_kind_comes_from_the_bytes(data: bytes, kind: str) -> None:
    assert detect_kind(data) == kind


def test_too_many_zip_members_is_a_bomb() -> None:
    members = {f"word/part{i}.xml": b"" for i in range(5001)}
    with (
        zipfile.ZipFile(io.BytesIO(zip_of(members))) as archive,
        pytest.raises(DocumentError) as info,
    ):
        check_zip_safety(archive, LIMITS)
    assert info.value.message == "the DOCX has 5001 zip members (zip bomb?)"


def test_docx_text_keeps_paragraphs_and_table_rows_in_order() -> None:
    data = docx_with_text(["Jane Doe", "Skills"], table=[["Python", "5 years"], ["SQL", "3"]])
    extracted = read_document(data, LIMITS)
    assert extracted.text == "Jane Doe\nSkills\nPython\t5 years\nSQL\t3"
