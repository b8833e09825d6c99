"""Azure ML jobs: outputs in ./outputs (uploaded by the service) or the job's output mount."""

from __future__ import annotations

from pathlib import Path

from resume_ner.infrastructure.platform.adapters.base import AdapterBase, under

AZUREML_OUTPUT_ENV = "AZURE_ML_OUTPUT_OUTPUT_ROOT"
"""Set by Azure ML to the mount path of a job output named ``output_root``."""
AZUREML_UPLOADED_DIR = "outputs"
"""Folder of the job's working directory that Azure ML uploads to the run."""
MLFLOW_TRACKING_URI_ENV = "MLFLOW_TRACKING_URI"
"""Set by Azure ML to the workspace's MLflow tracking URI."""


class AzureMLAdapter(AdapterBase):
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
        uploaded = Path.cwd() / AZUREML_UPLOADED_DIR
        if path.parts and path.parts[0] == AZUREML_UPLOADED_DIR:
            return Path.cwd() / path
        return under(uploaded, configured)

    def default_tracking_uri(self, output_root: Path) -> str | None:
        """The workspace's tracking URI from ``MLFLOW_TRACKING_URI`` (``None`` when unset)."""
        uri = self.env.get(MLFLOW_TRACKING_URI_ENV, "").strip()
        return uri or None
