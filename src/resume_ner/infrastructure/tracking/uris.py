"""Tracking URI helpers: scheme parsing, the embedded SQLite store, server reachability."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

from resume_ner.common.constants.files import MLFLOW_DB_FILE
from resume_ner.infrastructure.tracking.values import TrackingError

TRACKING_URI_ENV = "MLFLOW_TRACKING_URI"
"""The environment variable MLflow itself reads for the tracking URI."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
LOCAL_STORE_SCHEMES = ("sqlite", "postgresql", "mysql", "mssql", "file")
"""Schemes of stores MLflow opens in-process (no tracking server in between)."""
SERVER_SCHEMES = ("http", "https")
"""Schemes of tracking servers reached over HTTP."""


def uri_scheme(uri: str) -> str | None:
    """The scheme of ``uri`` without a ``+driver`` suffix, or ``None`` for a plain path.

    ``postgresql+psycopg2://...`` gives ``postgresql``; single letters (``C:``) count as
    Windows drives, not schemes.
    """
    match = _SCHEME.match(uri)
    return match.group(1).split("+", 1)[0].lower() if match else None


def embedded_store_uri(output_root: Path) -> str:
    """The embedded SQLite store ``sqlite:///<absolute output_root>/mlflow.db``."""
    return f"sqlite:///{(Path(output_root).resolve() / MLFLOW_DB_FILE).as_posix()}"


def sqlite_db_path(uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI, ``None`` for other URIs or in-memory."""
    if uri_scheme(uri) != "sqlite" or not uri.startswith("sqlite:///"):
        return None
    path = uri[len("sqlite:///") :].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def check_server_reachable(uri: str, timeout_s: float) -> None:
    """Fail fast when an ``http(s)://`` tracking server does not answer.

    Any HTTP answer from ``<uri>/health`` (even 401 or 404) counts as reachable; other
    schemes are not probed.

    Raises:
        TrackingError: Naming the URI and the reason, after at most ``timeout_s`` seconds.
    """
    if uri_scheme(uri) not in SERVER_SCHEMES:
        return
    url = f"{uri.rstrip('/')}/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s):
            return
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TrackingError(
            f"MLflow tracking server {uri} is unreachable ({reason}); start it, fix "
            f"tracking.uri / {TRACKING_URI_ENV}, or set tracking.enabled=false"
        ) from exc
