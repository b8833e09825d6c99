"""The bad-input table: request, expected status, error code and message fragment."""

from __future__ import annotations

from typing import Any

from api_fakes import (
    PNG_BYTES,
    RESUME,
    docx_with_text,
    docx_zip_bomb,
    encrypted_pdf,
    pdf_with_text,
)

from document_files import png_header_only, zip_of
from resume_ner.testing.page_images import image_bytes, render_text_image

RESUME_PNG = image_bytes(render_text_image(RESUME, dpi=100))

LINES = RESUME.split("\n")


def _json(body: Any) -> dict[str, Any]:
    return {"json": body}


def _raw(content: bytes, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": content, "headers": {"Content-Type": content_type}}


def _file(name: str, data: bytes, content_type: str = "application/octet-stream") -> dict[str, Any]:
    return {"files": {"file": (name, data, content_type)}}


TEXT = "/v1/extract"
BATCH = "/v1/extract/batch"
FILE = "/v1/extract/file"

CASES: list[tuple[str, str, dict[str, Any], int, str, str]] = [
    ("empty text", TEXT, _json({"text": ""}), 422, "empty_text", "text is empty"),
    ("blank text", TEXT, _json({"text": " \n\t "}), 422, "empty_text", "text is empty"),
    (
        "10 MB text",
        TEXT,
        _json({"text": "a" * 10_000_000}),
        413,
        "request_too_large",
        "request body of 10000011 bytes exceeds the limit of 2000000 bytes",
    ),
    (
        "text over the character limit",
        TEXT,
        _json({"text": "b" * 200_001}),
        413,
        "text_too_large",
        "text has 200001 characters; the limit is 200000",
    ),
    (
        "invalid UTF-8",
        TEXT,
        _raw(b'{"text": "Jane \xff\xfe Doe"}'),
        400,
        "invalid_body",
        "the request body is not valid UTF-8 (byte 15)",
    ),
    ("malformed JSON", TEXT, _raw(b'{"text": "Jane'), 422, "invalid_request", "JSON decode error"),
    ("lone surrogate", TEXT, _raw(b'{"text": "Jane \\ud800"}'), 422, "invalid_text", "surrogate"),
    ("text is a number", TEXT, _json({"text": 123}), 422, "invalid_request", "text: Input should"),
    ("text is null", TEXT, _json({"text": None}), 422, "invalid_request", "text: Input should"),
    ("text is a list", TEXT, _json({"text": ["a"]}), 422, "invalid_request", "text: Input should"),
    ("body is a list", TEXT, _json(["Jane"]), 422, "invalid_request", "Input should be"),
    ("no text field", TEXT, _json({"txt": "Jane"}), 422, "invalid_request", "text: Field required"),
    (
        "wrong option type",
        TEXT,
        _json({"text": "Jane", "options": {"min_score": "high"}}),
        422,
        "invalid_request",
        "options.min_score: Input should be a valid number",
    ),
    (
        "plain-text body",
        TEXT,
        _raw(b"Jane Doe", "text/plain"),
        422,
        "invalid_request",
        "valid dict",
    ),
    (
        "documents not a list",
        BATCH,
        _json({"documents": "Jane"}),
        422,
        "invalid_request",
        "documents: Input should be a valid list",
    ),
    ("empty batch", BATCH, _json({"documents": []}), 422, "invalid_request", "documents"),
    (
        "batch over the limit",
        BATCH,
        _json({"documents": [{"text": "Jane Doe"}] * 33}),
        413,
        "batch_too_large",
        "batch has 33 documents; the limit is 32",
    ),
    (
        "PDF with no text",
        FILE,
        _file("cv.pdf", pdf_with_text([])),
        400,
        "no_text",
        "the PDF contains no extractable text (neither a text layer nor text that OCR could read)",
    ),
    (
        "encrypted PDF",
        FILE,
        _file("cv.pdf", encrypted_pdf(LINES)),
        400,
        "encrypted_document",
        "the PDF is password-protected; send an unlocked copy",
    ),
    (
        "truncated PDF",
        FILE,
        _file("cv.pdf", pdf_with_text(LINES)[:300]),
        400,
        "corrupt_document",
        "the PDF cannot be read",
    ),
    (
        "DOCX zip bomb",
        FILE,
        _file("cv.docx", docx_zip_bomb()),
        400,
        "unsafe_document",
        "DOCX member word/media/bomb.bin is compressed",
    ),
    (
        "broken PNG named .pdf: read as an image",
        FILE,
        _file("cv.pdf", PNG_BYTES, "application/pdf"),
        400,
        "corrupt_document",
        "the image cannot be read: broken PNG file",
    ),
    (
        "truncated PNG",
        FILE,
        _file("cv.png", RESUME_PNG[: len(RESUME_PNG) // 2], "image/png"),
        400,
        "corrupt_document",
        "the image cannot be read",
    ),
    (
        "decompression-bomb PNG (100000 x 100000 declared)",
        FILE,
        _file("cv.png", png_header_only(100_000, 100_000), "image/png"),
        413,
        "image_too_large",
        "pixels",
    ),
    (
        "0x0 PNG",
        FILE,
        _file("cv.png", png_header_only(0, 0), "image/png"),
        400,
        "corrupt_document",
        "the image cannot be read: its header is not a valid image",
    ),
    (
        "GIF",
        FILE,
        _file("cv.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "image/gif"),
        415,
        "unsupported_media_type",
        "unsupported file type: send a PDF, a DOCX, an image (PNG, JPEG, TIFF, WebP) or UTF-8 "
        "text (byte 10 is not UTF-8)",
    ),
    (
        "zip that is not a DOCX",
        FILE,
        _file("cv.docx", zip_of({"notes.txt": b"Jane"})),
        415,
        "unsupported_media_type",
        "a zip archive without word/document.xml is not a DOCX",
    ),
    (
        "truncated DOCX",
        FILE,
        _file("cv.docx", docx_with_text(LINES)[:400]),
        400,
        "corrupt_document",
        "the DOCX is not a readable zip archive",
    ),
    (
        "DOCX with a broken document part",
        FILE,
        _file("cv.docx", zip_of({"word/document.xml": b"<w:document", "[Content_Types].xml": b""})),
        400,
        "corrupt_document",
        "the DOCX cannot be read",
    ),
    (
        "legacy .doc",
        FILE,
        _file("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        415,
        "unsupported_media_type",
        "legacy .doc files are not supported",
    ),
    (
        "binary with NUL bytes",
        FILE,
        _file("cv.txt", b"Jane\x00\x01\x02"),
        415,
        "unsupported_media_type",
        "NUL bytes",
    ),
    ("empty file", FILE, _file("cv.txt", b""), 400, "no_text", "the file is empty"),
    ("no file part", FILE, {"data": {"x": "1"}}, 422, "invalid_request", "file: Field required"),
    (
        "bad options on upload",
        FILE,
        {"files": {"file": ("cv.txt", b"Jane Doe")}, "data": {"options": '{"min_score": 7}'}},
        422,
        "invalid_request",
        "options.min_score: Input should be less than or equal to 1",
    ),
]
