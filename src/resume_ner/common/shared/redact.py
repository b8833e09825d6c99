"""Exception descriptions safe to log or answer: no quoted values, no messages in tracebacks."""

from __future__ import annotations

import re
import traceback

MAX_CAUSE_CHARS = 160
"""A cause longer than this is cut (a long message is more likely to carry data)."""

_QUOTED = re.compile(r"""b?'(?:[^'\\]|\\.)*'|b?"(?:[^"\\]|\\.)*\"""")
"""A quoted literal (``'...'``, ``"..."``, ``b'...'``): where libraries put the values they saw."""


def safe_cause(exc: BaseException) -> str:
    """``exc``'s message with every quoted literal replaced by ``'…'``, at most 160 characters.

    Third-party parsers quote the bytes they choke on; a resume's text must not travel on in an
    error message, so those quotes are dropped while the rest of the message stays useful.
    """
    message = _QUOTED.sub("'…'", str(exc)).replace("\n", " ").strip()
    if len(message) > MAX_CAUSE_CHARS:
        message = message[: MAX_CAUSE_CHARS - 1] + "…"
    return message or type(exc).__name__


def redacted_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes: frames and exception types, never messages.

    For logging a failure that happened while handling personal data: the frames locate the
    bug, while an exception message may quote the input.
    """
    parts: list[str] = []
    current: BaseException | None = exc
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__}\n{frames}")
        current = current.__cause__ or current.__context__
    return "Traceback (messages withheld: they may quote the input):\n" + "caused by ".join(parts)
