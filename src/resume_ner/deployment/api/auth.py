"""Optional API-key authentication: ``Authorization: Bearer <key>`` or ``X-API-Key``."""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from resume_ner.deployment.api.errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The API key.")


def key_matches(given: str, accepted: list[str]) -> bool:
    """Whether ``given`` is an ``accepted`` key; every key is compared, so timing leaks nothing."""
    given_bytes = given.encode("utf-8")
    found = False
    for key in accepted:
        found |= hmac.compare_digest(given_bytes, key.encode("utf-8"))
    return found


def require_api_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key_header)],
) -> None:
    """FastAPI dependency guarding the ``/v1`` routes: passes when auth is off or a key matches.

    Raises:
        ApiError: 401 ``unauthorized`` without a key, 403 ``forbidden`` with a wrong one.
    """
    accepted: list[str] = request.app.state.service.settings.key_values()
    if not accepted:
        return
    given = bearer.credentials if bearer else header_key
    if not given:
        raise ApiError(
            401,
            "unauthorized",
            "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not key_matches(given, accepted):
        raise ApiError(403, "forbidden", "the API key is not valid")


def require_metrics_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key_header)],
) -> None:
    """FastAPI dependency guarding ``/metrics`` when ``protect_metrics`` is on."""
    if request.app.state.service.settings.protect_metrics:
        require_api_key(request, bearer, header_key)


def _basic_password(authorization: str) -> str | None:
    """The password of ``Authorization: Basic <base64(user:password)>``, else ``None``."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2] or None


def require_label_studio_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key_header)],
) -> None:
    """As :func:`require_api_key`, also taking the key as the basic-auth password.

    Label Studio's ML backend connection sends basic auth (any user name, the key as
    password) or extra headers; ``Authorization: Token <key>`` is accepted too.
    """
    authorization = request.headers.get("Authorization", "")
    scheme, _, token = authorization.partition(" ")
    if bearer is None and not header_key and authorization:
        if scheme.lower() == "token" and token.strip():
            header_key = token.strip()
        else:
            header_key = _basic_password(authorization)
    require_api_key(request, bearer, header_key)
