"""Tests of the one-call logging setup."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from resume_ner.common.shared.logging_setup import adopt_library_loggers, setup_logging


def test_file_gets_debug_and_repeat_calls_do_not_duplicate(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "run.log"
    setup_logging("WARNING", log_file=log_file, rich_console=False)
    logger = setup_logging("WARNING", log_file=log_file, rich_console=False)
    assert logger is logging.getLogger()
    ours = [h for h in logger.handlers if getattr(h, "_resume_ner_handler", False)]
    assert len([h for h in ours if isinstance(h, logging.FileHandler)]) == 1
    logging.getLogger("resume_ner.some.module").debug("detail %d", 7)
    for handler in logger.handlers:
        handler.flush()
    assert log_file.read_text().count("detail 7") == 1
    setup_logging("INFO", rich_console=False)
    ours = [h for h in logger.handlers if getattr(h, "_resume_ner_handler", False)]
    assert not [h for h in ours if isinstance(h, logging.FileHandler)]


def test_libraries_reach_the_console_from_warning_and_the_file_from_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import optuna

    log_file = tmp_path / "run.log"
    setup_logging("INFO", log_file=log_file, rich_console=False)
    adopt_library_loggers("optuna")
    logging.getLogger("resume_ner.pipeline").info("stage data reused in 0.1s")
    optuna.logging.get_logger("optuna.storages").info("A new study created")
    logging.getLogger("mlflow.store.db.utils").info("Creating initial MLflow database tables")
    logging.getLogger("urllib3.connectionpool").warning("retrying")
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO stage data reused in 0\.1s", err[0])
    assert err[1].endswith(" WARNING urllib3.connectionpool: retrying")
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = log_file.read_text()
    assert "optuna.storages: A new study created" in log
    assert "mlflow.store.db.utils: Creating initial MLflow database tables" in log

    setup_logging("DEBUG", rich_console=False)
    logging.getLogger("urllib3.connectionpool").debug("detail")
    assert capsys.readouterr().err.endswith(" DEBUG urllib3.connectionpool: detail\n")
    setup_logging("ERROR", rich_console=False)
    logging.getLogger("urllib3").warning("hidden")
    logging.getLogger("resume_ner").warning("hidden too")
    assert capsys.readouterr().err == ""
