"""Study storage: default location, masking, driver choice and a clear unreachable error."""

from __future__ import annotations

from pathlib import Path

import optuna
import pytest

from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.training.hpo import (
    StorageError,
    check_storage,
    mask_url,
    open_storage,
    resolve_storage_url,
)
from resume_ner.training.hpo.storage import driver_url


def test_default_storage_is_sqlite_under_the_output_root(
    config: ResumeNerConfig, layout: OutputLayout
) -> None:
    assert resolve_storage_url(config.hpo, layout) == f"sqlite:///{layout.root}/optuna.db"
    custom = config.hpo.model_copy(update={"storage": " postgresql://u@h/db "})
    assert resolve_storage_url(custom, layout) == "postgresql://u@h/db"


def test_password_is_masked() -> None:
    assert mask_url("postgresql://user:s3cret@db:5432/hpo") == "postgresql://user:***@db:5432/hpo"
    assert mask_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_bare_postgresql_uses_an_installed_driver() -> None:
    url = driver_url("postgresql://u@h/db")
    assert url in {"postgresql://u@h/db", "postgresql+psycopg2://u@h/db"}
    assert driver_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert driver_url("sqlite:///x.db") == "sqlite:///x.db"


def test_unreachable_server_is_one_clear_line() -> None:
    with pytest.raises(StorageError) as info:
        check_storage("postgresql://user@127.0.0.1:1/db")
    assert str(info.value) == (
        "cannot reach study storage postgresql://user@127.0.0.1:1/db: connection refused"
    )
    with pytest.raises(StorageError) as info:
        open_storage("postgresql://user:pw@127.0.0.1:1/db", heartbeat_s=5, max_retries=1)
    assert str(info.value) == (
        "cannot reach study storage postgresql://user:***@127.0.0.1:1/db: connection refused"
    )
    assert "pw" not in str(info.value)


def test_unknown_scheme_is_reported() -> None:
    with pytest.raises(StorageError, match=r"cannot reach study storage nosuchdb://x: "):
        check_storage("nosuchdb://x")


def test_sqlite_storage_is_created_with_heartbeat(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/deep/optuna.db"
    storage = open_storage(url, heartbeat_s=7, max_retries=2)
    assert (tmp_path / "deep" / "optuna.db").is_file()
    assert storage.get_heartbeat_interval() == 7
    assert storage.get_heartbeat_stale_trial_callback() is not None
    study = optuna.create_study(storage=storage, study_name="s")
    assert study.study_name == "s"
