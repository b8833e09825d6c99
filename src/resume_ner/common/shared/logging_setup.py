"""One-call logging configuration, used by the CLI only (the library just gets loggers).

Everything goes through the root logger's two handlers: the console (rich on a terminal, one
plain unwrapped line per record elsewhere) and the run's log file. Our records reach the
console at the chosen level; other libraries' records only from WARNING on (all of them at
``DEBUG``), while the file keeps INFO and up from everyone.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

_HANDLER_MARK = "_resume_ner_handler"
_OURS = "resume_ner"
_DATE = "%Y-%m-%d %H:%M:%S"
# Libraries that install a stderr handler of their own: the module with the switches for it.
_OWN_HANDLERS = {"optuna": "optuna.logging", "transformers": "transformers.utils.logging"}


def setup_logging(
    level: int | str = "INFO",
    log_file: str | os.PathLike[str] | None = None,
    rich_console: bool = True,
) -> logging.Logger:
    """Configure the console and an optional log file on the root logger.

    Calling it again replaces the handlers it installed before, so it is idempotent.

    Args:
        level: Console level of our records (other libraries: WARNING, or ``DEBUG``).
        log_file: Also write our records from DEBUG and everyone's from INFO to this file
            (folders are created).
        rich_console: Use rich's handler when stderr is a terminal and rich is installed.

    Returns:
        The root logger.
    """
    os.environ.setdefault("MLFLOW_CONFIGURE_LOGGING", "false")  # mlflow: no handler of its own
    number = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(number, int):
        raise ValueError(f"unknown log level {level!r}")
    root = logging.getLogger()
    for logger in (root, logging.getLogger(_OURS)):
        for handler in list(logger.handlers):
            if getattr(handler, _HANDLER_MARK, False):
                logger.removeHandler(handler)
                handler.close()
    console = _console_handler(rich_console and _is_terminal(sys.stderr))
    others = number if number <= logging.DEBUG else max(number, logging.WARNING)
    console.addFilter(_LevelFilter(number, others))
    _install(root, console)
    if log_file is not None:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", _DATE)
        )
        file_handler.addFilter(_LevelFilter(logging.DEBUG, min(number, logging.INFO)))
        _install(root, file_handler)
    ours = logging.getLogger(_OURS)
    ours.setLevel(logging.DEBUG if log_file else number)
    ours.propagate = True
    root.setLevel(min(number, logging.INFO))
    adopt_library_loggers(*_OWN_HANDLERS)
    return root


def adopt_library_loggers(*names: str, load: bool = False) -> None:
    """Route optuna's / transformers' records through our handlers instead of their own.

    Args:
        names: Keys of the libraries (``optuna``, ``transformers``).
        load: Import a library that is not imported yet (else it is left for a later call).
    """
    for name in names:
        if not load and name not in sys.modules:
            continue
        try:
            switches = importlib.import_module(_OWN_HANDLERS[name])
        except ImportError:
            continue
        switches.disable_default_handler()
        switches.enable_propagation()
    mlflow = logging.getLogger("mlflow")
    for handler in list(mlflow.handlers):
        mlflow.removeHandler(handler)
    mlflow.propagate = True


class _LevelFilter(logging.Filter):
    """Pass our records from ``ours`` and every other library's from ``others``."""

    def __init__(self, ours: int, others: int) -> None:
        super().__init__()
        self.ours, self.others = ours, others

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= (self.ours if _is_ours(record) else self.others)


class _PlainFormatter(logging.Formatter):
    """``2026-01-31 12:00:00 INFO message``; another library's records name their logger."""

    def __init__(self) -> None:
        super().__init__(datefmt=_DATE)

    def formatMessage(self, record: logging.LogRecord) -> str:
        source = "" if _is_ours(record) else f"{record.name}: "
        return f"{record.asctime} {record.levelname} {source}{record.message}"

    def usesTime(self) -> bool:
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler writing to whatever ``sys.stderr`` is at the time of each record."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def _console_handler(rich: bool) -> logging.Handler:
    if rich:
        try:
            from rich.console import Console
            from rich.logging import RichHandler
        except ImportError:
            pass
        else:
            handler = RichHandler(
                console=Console(stderr=True), show_path=False, rich_tracebacks=False
            )
            handler.setFormatter(logging.Formatter("%(message)s"))
            return handler
    plain = _StderrHandler()
    plain.setFormatter(_PlainFormatter())
    return plain


def _install(logger: logging.Logger, handler: logging.Handler) -> None:
    setattr(handler, _HANDLER_MARK, True)
    logger.addHandler(handler)


def _is_ours(record: logging.LogRecord) -> bool:
    return record.name == _OURS or record.name.startswith(_OURS + ".")


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
