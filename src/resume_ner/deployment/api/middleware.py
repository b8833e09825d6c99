"""Outermost ASGI layer: request ids, body limits while streaming, access log, metrics, 500s."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resume_ner.common.shared.redact import redacted_traceback
from resume_ner.deployment.api.errors import REQUEST_ID_HEADER, error_response
from resume_ner.deployment.api.metrics import ServiceMetrics
from resume_ner.deployment.api.settings import ServiceSettings

logger = logging.getLogger(__name__)
access_logger = logging.getLogger("resume_ner.deployment.api.access")

_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _request_id(headers: Headers) -> str:
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _CLIENT_ID.match(given) else uuid.uuid4().hex


class _BodyTooLarge(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__()
        self.size = size


class _Disconnected(Exception):
    pass


async def _read_bounded(scope: Scope, receive: Receive, limit: int) -> Receive:
    """Read the whole body, stopping as soon as it passes ``limit``; return a replaying receive.

    Raises ``_BodyTooLarge`` past the limit and ``_Disconnected`` when the client goes away.
    """
    declared = Headers(scope=scope).get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge(int(declared))
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge(None)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class ServiceMiddleware:
    """Gives each request an id (echoed as ``X-Request-ID``), enforces the body limit before the
    body is read in full, answers any unhandled exception with a JSON 500 (no stack trace),
    and logs and counts every request."""

    def __init__(self, app: ASGIApp, settings: ServiceSettings, metrics: ServiceMetrics) -> None:
        self.app = app
        self.settings = settings
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        request_id = _request_id(Headers(scope=scope))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        sent: dict[str, Any] = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                sent["started"] = True
                headers = MutableHeaders(scope=message)
                if REQUEST_ID_HEADER not in headers:
                    headers.append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self._handle(scope, receive, send_with_id, state)
        except _Disconnected:
            sent["status"] = 499
        except Exception as exc:
            logger.error(
                "request %s failed with an unhandled error\n%s",
                request_id,
                redacted_traceback(exc),
            )
            state["error_code"] = "internal_error"
            if "started" not in sent:
                response = error_response(
                    500, "internal_error", "internal server error", request_id
                )
                await response(scope, receive, send_with_id)
        finally:
            self._record(scope, state, sent["status"], time.perf_counter() - start)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, state: dict[str, Any]
    ) -> None:
        limit = self.settings.body_limit(scope["path"])
        try:
            replay = await _read_bounded(scope, receive, limit)
        except _BodyTooLarge as exc:
            state["error_code"] = "request_too_large"
            got = f" of {exc.size} bytes" if exc.size is not None else ""
            message = f"request body{got} exceeds the limit of {limit} bytes"
            headers = {"Connection": "close"}
            response = error_response(
                413, "request_too_large", message, state["request_id"], headers
            )
            await response(scope, receive, send)
            return
        await self.app(scope, replay, send)

    def _record(self, scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        self.metrics.observe_request(scope["method"], template, status, seconds)
        if status >= 400:
            self.metrics.observe_error(str(state.get("error_code", status)))
        access_logger.info(
            "%s %s %s -> %d in %.1f ms",
            state["request_id"],
            scope["method"],
            scope["path"],
            status,
            seconds * 1000,
        )
