"""Optional API-key authentication: ``Authorization: Bearer <key>`` or ``X-API-Key``."""

from __future__ import annotations

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
