"""Tests of the one-call logging setup."""

from __future__ import annotations

import logging
from pathlib import Path

from resume_ner.common.shared.logging_setup import setup_logging


def test_file_gets_debug_and_repeat_calls_do_not_duplicate(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "run.log"
    setup_logging("WARNING", log_file=log_file, rich_console=False)
    logger = setup_logging("WARNING", log_file=log_file, rich_console=False)
    assert len([h for h in logger.handlers if isinstance(h, logging.FileHandler)]) == 1
    logging.getLogger("resume_ner.some.module").debug("detail %d", 7)
    for handler in logger.handlers:
        handler.flush()
    assert log_file.read_text().count("detail 7") == 1
    setup_logging("INFO", rich_console=False)
    assert not [h for h in logger.handlers if isinstance(h, logging.FileHandler)]
