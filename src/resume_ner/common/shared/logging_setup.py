"""One-call logging configuration, used by the CLI only (the library just gets loggers)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

_HANDLER_MARK = "_resume_ner_handler"


def setup_logging(
    level: int | str = "INFO",
    log_file: str | os.PathLike[str] | None = None,
    rich_console: bool = True,
) -> logging.Logger:
    """Configure the ``resume_ner`` logger: console (rich when available) and an optional file.

    Calling it again replaces the handlers it installed before, so it is idempotent.

    Args:
        level: Logging level name or number.
        log_file: Also write full-detail logs to this file (folders are created).
        rich_console: Use rich's handler for the console when rich is installed.

    Returns:
        The configured ``resume_ner`` logger.
    """
    logger = logging.getLogger("resume_ner")
    for handler in list(logger.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(logging.DEBUG if log_file else level)
    console: logging.Handler
    if rich_console:
        try:
            from rich.console import Console
            from rich.logging import RichHandler

            console = RichHandler(
                console=Console(stderr=True), show_path=False, rich_tracebacks=False
            )
            console.setFormatter(logging.Formatter("%(message)s"))
        except ImportError:
            console = _plain_console()
    else:
        console = _plain_console()
    console.setLevel(level)
    _mark(console)
    logger.addHandler(console)
    if log_file is not None:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        file_handler.setLevel(logging.DEBUG)
        _mark(file_handler)
        logger.addHandler(file_handler)
    logger.propagate = False
    return logger


def _plain_console() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return handler


def _mark(handler: logging.Handler) -> None:
    setattr(handler, _HANDLER_MARK, True)
