"""Turn params, metrics, tags and statuses into the values MLflow accepts; the tracking error."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any

logger = logging.getLogger(__name__)

MAX_KEY_LENGTH = 250
"""MLflow's limit on param, metric and tag key length."""
MAX_PARAM_VALUE_LENGTH = 6000
"""MLflow's limit on a param value."""
MAX_TAG_VALUE_LENGTH = 8000
"""MLflow's limit on a tag value."""
RUN_STATUSES = ("FINISHED", "FAILED", "KILLED")
"""Terminal MLflow run statuses a run may end with."""

_STATUS_ALIASES = {
    "finished": "FINISHED",
    "completed": "FINISHED",
    "reused": "FINISHED",
    "failed": "FAILED",
    "killed": "KILLED",
    "pruned": "KILLED",
}


class TrackingError(RuntimeError):
    """Tracking could not be set up or a call failed; the message names the URI or run."""


def to_run_status(status: str) -> str:
    """Map an MLflow or stage status, any case, to one of :data:`RUN_STATUSES`.

    ``completed`` and ``reused`` map to ``FINISHED``, ``pruned`` to ``KILLED``.

    Raises:
        TrackingError: If the status is not a terminal status.
    """
    mapped = _STATUS_ALIASES.get(str(status).strip().lower())
    if mapped is None:
        allowed = ", ".join(sorted({*RUN_STATUSES, *_STATUS_ALIASES}))
        raise TrackingError(f"run status {status!r} is not a terminal status; use one of {allowed}")
    return mapped


def flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested mappings into dotted keys (``{"a": {"b": 1}}`` -> ``{"a.b": 1}``).

    Raises:
        TrackingError: On an empty key or two paths flattening to the same key.
    """
    flat: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = str(raw_key)
        if not key:
            raise TrackingError(f"empty key under {prefix or '<root>'!r}")
        full = f"{prefix}.{key}" if prefix else key
        items = flatten(value, full) if isinstance(value, Mapping) else {full: value}
        for item_key, item_value in items.items():
            if item_key in flat:
                raise TrackingError(f"key {item_key!r} appears twice after flattening")
            flat[item_key] = item_value
    return flat


def stringify(value: Any) -> str:
    """Render a param or tag value as text (enums by value, paths as POSIX, None as "None")."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, PurePath):
        return value.as_posix()
    return str(value)


def _check_key(kind: str, key: str) -> str:
    if len(key) > MAX_KEY_LENGTH:
        raise TrackingError(
            f"{kind} key {key[:60]!r}... is {len(key)} characters; MLflow allows {MAX_KEY_LENGTH}"
        )
    return key


def _bounded(kind: str, key: str, text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    logger.warning(
        "%s %r is %d characters; truncated to MLflow's limit of %d", kind, key, len(text), limit
    )
    return text[:limit]


def prepare_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Flatten ``params``, stringify values and truncate long ones with a warning.

    Raises:
        TrackingError: On an empty, duplicate or over-long key.
    """
    return {
        _check_key("param", key): _bounded("param", key, stringify(value), MAX_PARAM_VALUE_LENGTH)
        for key, value in flatten(params).items()
    }


def prepare_tags(tags: Mapping[str, Any]) -> dict[str, str]:
    """Stringify tag values (keys are used as given) and truncate long ones with a warning.

    Raises:
        TrackingError: On an empty or over-long key.
    """
    prepared: dict[str, str] = {}
    for raw_key, value in tags.items():
        key = str(raw_key)
        if not key:
            raise TrackingError("empty tag key")
        prepared[_check_key("tag", key)] = _bounded(
            "tag", key, stringify(value), MAX_TAG_VALUE_LENGTH
        )
    return prepared


def prepare_metrics(metrics: Mapping[str, Any]) -> dict[str, float]:
    """Flatten ``metrics`` and convert every value to ``float``.

    Anything with ``__float__`` is accepted (ints, bools, numpy and 0-d torch values);
    NaN and infinities are kept and logged at debug level.

    Raises:
        TrackingError: Naming the key when a value is not numeric.
    """
    prepared: dict[str, float] = {}
    for key, value in flatten(metrics).items():
        if isinstance(value, (str, bytes)) or not hasattr(value, "__float__"):
            raise TrackingError(
                f"metric {key!r} has a non-numeric value {value!r} ({type(value).__name__})"
            )
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise TrackingError(f"metric {key!r} cannot be converted to float: {exc}") from exc
        if not math.isfinite(number):
            logger.debug("metric %r is %s", key, number)
        prepared[_check_key("metric", key)] = number
    return prepared
