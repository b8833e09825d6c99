"""Config of the execution platform and Azure ML workspace."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel


class AzureMLConfig(StrictModel):
    """Azure ML workspace and job settings (secrets come from the environment)."""

    subscription_id: str | None = Field(
        None,
        description="Azure subscription id. Env: RESUME_NER_PLATFORM__AZUREML__SUBSCRIPTION_ID.",
    )
    resource_group: str | None = Field(
        None,
        description="Resource group of the workspace. "
        "Env: RESUME_NER_PLATFORM__AZUREML__RESOURCE_GROUP.",
    )
    workspace_name: str | None = Field(
        None,
        description="Azure ML workspace name. Env: RESUME_NER_PLATFORM__AZUREML__WORKSPACE_NAME.",
    )
    compute: str = Field("cpu-cluster", description="Compute target for command and sweep jobs.")
    environment_image: str = Field(
        "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
        description="Base Docker image of the job environment.",
    )
    experiment_name: str = Field("resume-ner", description="Azure ML experiment of submitted jobs.")


class PlatformConfig(StrictModel):
    """Which platform runs the code and on which device."""

    name: Literal["auto", "local", "colab", "kaggle", "azureml"] = Field(
        "auto", description="Platform adapter; auto detects it from the environment."
    )
    device: Literal["auto", "cpu", "cuda", "mps"] = Field(
        "auto", description="Compute device; auto picks cuda, then mps, then cpu."
    )
    azureml: AzureMLConfig = Field(
        default_factory=AzureMLConfig, description="Azure ML workspace and job settings."
    )
