"""The service's one error shape, ``{error: {code, message, request_id}}``, and its handlers."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
"""Header carrying the request id, read from the client when valid and always echoed."""

_STATUS_CODES: dict[int, str] = {
    400: "invalid_body",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "queue_full",
    500: "internal_error",
    503: "not_ready",
    504: "timeout",
}


_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
"""A location part shown as sent: anything else (an unknown key may be data) shows as ``<key>``."""


class ApiError(Exception):
    """An error answered to the client as ``{error: {code, message, request_id}}``."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def request_id_of(request: Request) -> str:
    """The id the middleware gave this request (``"-"`` outside the middleware)."""
    return str(getattr(request.state, "request_id", "-"))


def error_response(
    status: int, code: str, message: str, request_id: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON response in the service's error shape, with the ``X-Request-ID`` header."""
    body = {"error": {"code": code, "message": message, "request_id": request_id}}
    merged = {REQUEST_ID_HEADER: request_id, **(headers or {})}
    return JSONResponse(body, status_code=status, headers=merged)


def _loc_part(part: Any) -> str:
    if isinstance(part, int) or _FIELD_NAME.match(str(part)):
        return str(part)
    return "<key>"


def validation_message(errors: list[dict[str, Any]]) -> str:
    """One line per schema problem, ``field.path: message``, at most five of them.

    Only the location and pydantic's message are used, never the ``input`` or ``ctx`` of an
    error: those quote the request, which may be a resume.
    """
    lines = []
    for err in errors:
        where = ".".join(_loc_part(part) for part in err.get("loc", ()) if part != "body") or "body"
        lines.append(f"{where}: {err.get('msg', 'invalid')}")
    if len(lines) > 5:
        lines = [*lines[:5], f"... and {len(lines) - 5} more"]
    return "; ".join(lines) or "invalid request"


def respond(
    request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The error response for ``request``; also notes ``code`` for the access log and metrics."""
    request.state.error_code = code
    return error_response(status, code, message, request_id_of(request), headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return respond(request, exc.status, exc.code, exc.message, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return respond(request, 422, "invalid_request", validation_message(list(exc.errors())))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "http_error")
    message = str(exc.detail) if exc.detail else code.replace("_", " ")
    if exc.status_code == 400:
        cause = exc.__cause__
        message = "the request body could not be parsed (malformed JSON or form data)"
        if isinstance(cause, UnicodeDecodeError):
            message = f"the request body is not valid UTF-8 (byte {cause.start})"
    return respond(request, exc.status_code, code, message, dict(exc.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    """Answer every ``ApiError``, schema error and HTTP error in the service's error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
