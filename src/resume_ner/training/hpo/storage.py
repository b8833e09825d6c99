"""Study storage: embedded SQLite under the output root or any SQLAlchemy URL, with heartbeats.

A trial whose worker stops sending heartbeats (killed with ``-9``, machine lost) is marked
FAIL by the next worker that starts a trial, and a copy of it is queued again (at most
``max_retries`` times), so a study never keeps RUNNING ghosts.
"""

from __future__ import annotations

import importlib.util
import logging
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.infrastructure.config.sections.hpo import HpoConfig
from resume_ner.infrastructure.paths.layout import OutputLayout

if TYPE_CHECKING:
    import optuna

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
"""Seconds to wait for a database server before giving up."""
CREATE_ATTEMPTS = 5
"""Attempts to open a storage whose tables another worker is creating at the same moment."""
SQLITE_BUSY_TIMEOUT_S = 60
"""Seconds a SQLite connection waits for another process's write lock."""


class StorageError(RuntimeError):
    """The study storage cannot be reached or opened; the message is one line, password masked."""


def resolve_storage_url(hpo: HpoConfig, layout: OutputLayout) -> str:
    """The storage URL: ``hpo.storage`` when set, else ``sqlite:///<output_root>/optuna.db``."""
    if hpo.storage and hpo.storage.strip():
        return hpo.storage.strip()
    return layout.optuna_storage_url()


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (unparsable URLs are returned as given)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def driver_url(url: str) -> str:
    """``url`` with an installed driver: ``postgresql://`` uses psycopg2 when psycopg 3 is absent.

    SQLAlchemy 2.1 maps a bare ``postgresql://`` to psycopg 3; the psycopg2 driver is used
    instead when only it is installed. Any explicit ``+driver`` is kept.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme != "postgresql" or importlib.util.find_spec("psycopg") is not None:
        return url
    if importlib.util.find_spec("psycopg2") is not None:
        return f"postgresql+psycopg2://{rest}"
    return url


def _engine_kwargs(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    if url.startswith("postgresql"):
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": CONNECT_TIMEOUT_S}}
    return {"pool_pre_ping": True}


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    first = text.splitlines()[0].strip() if text else type(exc).__name__
    if " failed: " in first:
        first = first.split(" failed: ", 1)[1]
    starts_acronym = first[:2].isupper()
    return first if starts_acronym else first[:1].lower() + first[1:]


def _prepare_sqlite(url: str) -> None:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def check_storage(url: str) -> None:
    """Connect to the storage once, so a wrong URL fails fast with a clear message.

    A SQLite file's folder is created.

    Raises:
        StorageError: ``cannot reach study storage <masked url>: <reason>`` (one line).
    """
    import sqlalchemy
    from sqlalchemy.exc import SQLAlchemyError

    shown = mask_url(url)
    try:
        if url.startswith("sqlite"):
            _prepare_sqlite(url)
        engine = sqlalchemy.create_engine(driver_url(url), **_engine_kwargs(url))
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError, OSError, ValueError) as exc:
        raise StorageError(f"cannot reach study storage {shown}: {_reason(exc)}") from None


def _rdb_storage(url: str, heartbeat_s: int, max_retries: int) -> optuna.storages.RDBStorage:
    import optuna

    storages: Any = optuna.storages
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        retry_cls = getattr(storages, "RetryHeartbeatStaleTrialCallback", None)
        if retry_cls is not None:
            callbacks = {"heartbeat_stale_trial_callback": retry_cls(max_retry=max_retries)}
        else:  # optuna < 4.9
            retry = storages.RetryFailedTrialCallback(max_retry=max_retries)
            callbacks = {"failed_trial_callback": retry}
        storage: optuna.storages.RDBStorage = optuna.storages.RDBStorage(
            driver_url(url),
            engine_kwargs=_engine_kwargs(url),
            heartbeat_interval=heartbeat_s,
            **callbacks,
        )
    return storage


def open_storage(
    url: str, *, heartbeat_s: int, max_retries: int, check: bool = True
) -> optuna.storages.RDBStorage:
    """Open an Optuna RDB storage with heartbeats and retry of stale trials.

    Args:
        url: SQLAlchemy URL (``sqlite:///...``, ``postgresql://user@host/db``...).
        heartbeat_s: Seconds between a running trial's heartbeats; a trial silent for twice
            this long is failed by the next worker.
        max_retries: How often a failed (stale) trial is queued again.
        check: Connect first and fail with a one-line :class:`StorageError`.

    Raises:
        StorageError: If the storage cannot be reached or opened.
    """
    from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError

    if check:
        check_storage(url)
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            storage = _rdb_storage(url, heartbeat_s, max_retries)
            break
        except (SQLAlchemyError, ImportError, OSError, RuntimeError, ValueError) as exc:
            if attempt < CREATE_ATTEMPTS and isinstance(exc, IntegrityError | ProgrammingError):
                # Workers starting together on a fresh database race to create the tables.
                logger.debug("storage tables being created elsewhere (%s); retrying", exc)
                time.sleep(0.5 * attempt)
                continue
            reason = _reason(exc)
            raise StorageError(f"cannot open study storage {mask_url(url)}: {reason}") from None
    logger.debug("study storage %s open (heartbeat %ss)", mask_url(url), heartbeat_s)
    return storage
