"""An isolated workspace: private output root, MLflow store and Optuna storage; env restored."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.common.constants.files import MLFLOW_DB_FILE, OPTUNA_DB_FILE

HIDDEN_PREFIXES = (ENV_PREFIX, "MLFLOW_")
"""Variables with these prefixes are hidden inside the workspace, so outer settings never leak."""
OFFLINE_VARS = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
"""Set inside an offline workspace: no Hugging Face download is attempted."""


@dataclass(frozen=True)
class Workspace:
    """Where an isolated run writes.

    Attributes:
        root: The workspace folder.
        output_root: The pipeline's output root inside it.
        mlflow_uri: Tracking URI of its own SQLite MLflow store.
        optuna_url: Storage URL of its own SQLite Optuna storage.
        env: The variables set while the workspace is active.
    """

    root: Path
    output_root: Path
    mlflow_uri: str
    optuna_url: str
    env: Mapping[str, str] = field(default_factory=dict)

    def overrides(self) -> list[str]:
        """Config overrides (``key=value``) pointing a config at this workspace."""
        return [
            f"paths.output_root={self.output_root.as_posix()}",
            f"tracking.uri={self.mlflow_uri}",
            f"hpo.storage={self.optuna_url}",
        ]


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


@contextmanager
def _patched_environ(values: Mapping[str, str], hide: tuple[str, ...]) -> Iterator[None]:
    saved = dict(os.environ)
    try:
        for name in [name for name in os.environ if name.startswith(hide)]:
            del os.environ[name]
        os.environ.update(values)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def isolated_workspace(
    root: str | os.PathLike[str] | None = None,
    *,
    offline: bool = True,
    chdir: bool = False,
    keep: bool = False,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[Workspace]:
    """Run a block against a private output root, MLflow store and Optuna storage.

    Inside the block ``RESUME_NER_PATHS__OUTPUT_ROOT``, ``RESUME_NER_TRACKING__URI``,
    ``RESUME_NER_HPO__STORAGE`` and ``MLFLOW_TRACKING_URI`` point into the workspace; other
    ``RESUME_NER_*`` and ``MLFLOW_*`` variables are hidden. The whole environment (and the
    working directory, with ``chdir``) is restored afterwards, even on error.

    Args:
        root: Workspace folder (created); default a new temporary folder.
        offline: Also set ``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE``.
        chdir: Change into the workspace folder for the block.
        keep: Keep a temporary folder afterwards (a given ``root`` is always kept).
        extra_env: More variables to set inside.

    Yields:
        The workspace.
    """
    temporary = root is None
    folder = Path(tempfile.mkdtemp(prefix="resume-ner-")) if root is None else Path(root)
    folder = folder.resolve()
    output_root = folder / "outputs"
    output_root.mkdir(parents=True, exist_ok=True)
    mlflow_uri = _sqlite_url(output_root / MLFLOW_DB_FILE)
    optuna_url = _sqlite_url(output_root / OPTUNA_DB_FILE)
    env = {
        f"{ENV_PREFIX}PATHS__OUTPUT_ROOT": str(output_root),
        f"{ENV_PREFIX}TRACKING__URI": mlflow_uri,
        f"{ENV_PREFIX}HPO__STORAGE": optuna_url,
        "MLFLOW_TRACKING_URI": mlflow_uri,
        **(OFFLINE_VARS if offline else {}),
        **(extra_env or {}),
    }
    workspace = Workspace(folder, output_root, mlflow_uri, optuna_url, env)
    previous_dir = Path.cwd()
    try:
        with _patched_environ(env, HIDDEN_PREFIXES):
            if chdir:
                os.chdir(folder)
            try:
                yield workspace
            finally:
                if chdir:
                    os.chdir(previous_dir)
    finally:
        if temporary and not keep:
            shutil.rmtree(folder, ignore_errors=True)
