"""Platform adapters: detect local, Colab, Kaggle or Azure ML and place the output root there."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from resume_ner.infrastructure.platform.adapters.device import resolve_device

COLAB_CONTENT_DIR = Path("/content")
"""Colab's working folder."""
DRIVE_PROJECT_DIR = Path("drive") / "MyDrive" / "resume-ner"
"""Project folder on the mounted Drive, relative to the content folder."""
KAGGLE_WORKING_DIR = Path("/kaggle/working")
"""The only folder whose files Kaggle saves with the notebook version."""
AZUREML_OUTPUT_ENV = "AZURE_ML_OUTPUT_OUTPUT_ROOT"
"""Set by Azure ML to the mount path of a job output named ``output_root``."""
AZUREML_UPLOADED_DIR = "outputs"
"""Folder of the job's working directory that Azure ML uploads to the run."""
AZUREML_ENV_VARS = ("AZUREML_RUN_ID", "AZUREML_EXPERIMENT_ID")
KAGGLE_ENV_VARS = ("KAGGLE_KERNEL_RUN_TYPE", "KAGGLE_URL_BASE")
COLAB_ENV_VARS = ("COLAB_GPU", "COLAB_RELEASE_TAG")


class PlatformError(ValueError):
    """A platform or device was asked for that does not exist or is not available here."""


def under(base: Path, configured: str) -> Path:
    """``configured`` when absolute (``~`` expanded), else ``base / configured``."""
    path = Path(configured).expanduser()
    return path if path.is_absolute() else base / path


class PlatformAdapter:
    """Output root, tracking store and device on one platform; relative roots go under ``folder``.

    ``env`` (default: a snapshot of ``os.environ``) drives every decision; ``folder`` is the
    platform's own folder (``None``: the current working directory).
    """

    name = "local"
    default_folder: Path | None = None

    def __init__(self, env: Mapping[str, str] | None = None, folder: Path | None = None) -> None:
        self.env: dict[str, str] = dict(os.environ if env is None else env)
        self.folder = folder or self.default_folder

    def output_root(self, configured: str) -> Path:
        """The absolute output root for the configured ``paths.output_root`` on this platform."""
        return under(self.folder or Path.cwd(), configured)

    def default_tracking_uri(self, output_root: Path) -> str | None:
        """``None``: track into the embedded SQLite store under ``output_root``."""
        return None

    def device(self, preference: str = "auto") -> str:
        """Resolve ``preference`` to an available device without importing torch.

        Raises:
            PlatformError: Unknown preference, or the requested device is not available.
        """
        try:
            return resolve_device(preference, self.env)
        except ValueError as exc:
            raise PlatformError(f"{self.name}: {exc}") from exc


class LocalAdapter(PlatformAdapter):
    """A workstation or server run directly from a shell: outputs under the working directory."""


class KaggleAdapter(PlatformAdapter):
    """A Kaggle kernel: outputs under ``/kaggle/working``, the folder Kaggle keeps."""

    name = "kaggle"
    default_folder = KAGGLE_WORKING_DIR


class ColabAdapter(PlatformAdapter):
    """A Colab runtime (folder ``/content``): outputs on the mounted Drive when present."""

    name = "colab"
    default_folder = COLAB_CONTENT_DIR

    @property
    def drive_mounted(self) -> bool:
        """Whether Google Drive is mounted at ``<content>/drive/MyDrive``."""
        return (self.folder or COLAB_CONTENT_DIR).joinpath(DRIVE_PROJECT_DIR.parent).is_dir()

    def output_root(self, configured: str) -> Path:
        """Relative roots go under ``/content/drive/MyDrive/resume-ner``, else ``/content``.

        Outputs on the mounted Drive survive the runtime; ``/content/outputs`` is lost when it
        ends. An absolute ``configured`` is kept.
        """
        content = self.folder or COLAB_CONTENT_DIR
        return under(content / DRIVE_PROJECT_DIR if self.drive_mounted else content, configured)


class AzureMLAdapter(PlatformAdapter):
    """A command or sweep job running on Azure ML compute."""

    name = "azureml"

    def output_root(self, configured: str) -> Path:
        """The output root of the job.

        An absolute ``configured`` is kept. Otherwise the job output mount
        (``AZURE_ML_OUTPUT_OUTPUT_ROOT``) when set, else ``./outputs`` (a relative root other
        than ``outputs`` is placed inside it so the service still uploads it).
        """
        path = Path(configured).expanduser()
        if path.is_absolute():
            return path
        mount = self.env.get(AZUREML_OUTPUT_ENV, "").strip()
        if mount:
            return Path(mount)
        if path.parts and path.parts[0] == AZUREML_UPLOADED_DIR:
            return Path.cwd() / path
        return under(Path.cwd() / AZUREML_UPLOADED_DIR, configured)

    def default_tracking_uri(self, output_root: Path) -> str | None:
        """The workspace's tracking URI from ``MLFLOW_TRACKING_URI`` (``None`` when unset)."""
        return self.env.get("MLFLOW_TRACKING_URI", "").strip() or None


ADAPTERS: dict[str, type[PlatformAdapter]] = {
    "azureml": AzureMLAdapter,
    "colab": ColabAdapter,
    "kaggle": KaggleAdapter,
    "local": LocalAdapter,
}
"""Adapter class of every platform name."""


def module_available(name: str) -> bool:
    """Whether ``name`` can be imported, checked without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def detect_platform(
    env: Mapping[str, str] | None = None,
    *,
    content_dir: Path = COLAB_CONTENT_DIR,
    has_module: Callable[[str], bool] = module_available,
) -> str:
    """Name the platform this process runs on: ``azureml``, ``kaggle``, ``colab`` or ``local``.

    Checks, in order: Azure ML (``AZUREML_RUN_ID``, ``AZUREML_EXPERIMENT_ID`` or an
    ``azureml://`` ``MLFLOW_TRACKING_URI``), Kaggle (``KAGGLE_KERNEL_RUN_TYPE``,
    ``KAGGLE_URL_BASE``), Colab (``COLAB_GPU``, ``COLAB_RELEASE_TAG``, or ``/content`` plus an
    importable ``google.colab``). ``content_dir`` and ``has_module`` are test seams.
    """
    environ = os.environ if env is None else env
    tracking_uri = environ.get("MLFLOW_TRACKING_URI", "").strip().lower()
    if any(environ.get(key) for key in AZUREML_ENV_VARS) or tracking_uri.startswith("azureml://"):
        return "azureml"
    if any(environ.get(key) for key in KAGGLE_ENV_VARS):
        return "kaggle"
    if any(key in environ for key in COLAB_ENV_VARS):
        return "colab"
    if content_dir.is_dir() and has_module("google.colab"):
        return "colab"
    return "local"


def get_adapter(name: str = "auto", env: Mapping[str, str] | None = None) -> PlatformAdapter:
    """The adapter for ``name`` (``auto`` detects the platform), reading ``env`` or ``os.environ``.

    Raises:
        PlatformError: Unknown platform name.
    """
    environ = dict(os.environ if env is None else env)
    key = name.strip().lower()
    if key == "auto":
        key = detect_platform(environ)
    adapter = ADAPTERS.get(key)
    if adapter is None:
        choices = ", ".join(["auto", *sorted(ADAPTERS)])
        raise PlatformError(f"unknown platform {name!r} (platform.name); choose one of {choices}")
    return adapter(environ)
