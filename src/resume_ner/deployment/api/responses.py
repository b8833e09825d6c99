"""OpenAPI descriptions and examples of the error responses each route can give."""

from __future__ import annotations

from typing import Any

from resume_ner.deployment.api.schemas import ErrorBody

_ERRORS: dict[int, tuple[str, str, str]] = {
    400: (
        "Bad document: corrupt, encrypted, zip bomb, no extractable text.",
        "encrypted_document",
        "the PDF is password-protected; send an unlocked copy",
    ),
    401: (
        "No API key sent.",
        "unauthorized",
        "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
    ),
    403: ("Wrong API key.", "forbidden", "the API key is not valid"),
    413: (
        "Too large: body, file, text, batch or PDF pages over the limit.",
        "text_too_large",
        "text has 250000 characters; the limit is 200000",
    ),
    415: (
        "Not a PDF, DOCX, image or UTF-8 text.",
        "unsupported_media_type",
        "unsupported file type: send a PDF, a DOCX, an image (PNG, JPEG, TIFF, WebP) or UTF-8 "
        "text (byte 0 is not UTF-8)",
    ),
    422: (
        "The body does not match the schema, or the text is empty.",
        "invalid_request",
        "text: Input should be a valid string",
    ),
    429: (
        "The inference queue is full; retry later.",
        "queue_full",
        "the inference queue is full (64 requests pending); retry later",
    ),
    503: ("The model is not loaded yet.", "not_ready", "loading the model from /models/int8"),
    504: ("Inference took longer than the timeout.", "timeout", "inference took longer than 30 s"),
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` argument of a route: the error shape with an example per status."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        description, code, message = _ERRORS[status]
        example = {"error": {"code": code, "message": message, "request_id": "9c1e4b2a"}}
        out[status] = {
            "model": ErrorBody,
            "description": description,
            "content": {"application/json": {"example": example}},
        }
    return out
