"""Exception descriptions without the values they quote."""

from __future__ import annotations

from resume_ner.common.shared.redact import MAX_CAUSE_CHARS, redacted_traceback, safe_cause


def test_safe_cause_drops_quoted_values_and_keeps_the_rest() -> None:
    exc = ValueError("Invalid object starting with b'(Jane Doe' @12 near \"jane@x.org\" or 'x'")
    assert safe_cause(exc) == "Invalid object starting with '…' @12 near '…' or '…'"
    assert safe_cause(OSError("broken PNG file")) == "broken PNG file"
    assert safe_cause(KeyError()) == "KeyError"
    long = safe_cause(ValueError("x" * 500))
    assert len(long) == MAX_CAUSE_CHARS and long.endswith("…")


PERSON = "Jane Doe, jane@example.org"
"""Personal data the failing code saw (named, so that no source line in a traceback shows it)."""


def _fail(text: str) -> None:
    raise RuntimeError(f"cannot parse {text}")


def test_redacted_traceback_has_frames_and_types_but_no_messages() -> None:
    try:
        try:
            _fail(PERSON)
        except RuntimeError as inner:
            raise ValueError(str(inner)) from inner
    except ValueError as exc:
        described = redacted_traceback(exc)
    assert "Jane" not in described
    assert "builtins.ValueError" in described and "builtins.RuntimeError" in described
    assert "caused by" in described and "in _fail" in described
