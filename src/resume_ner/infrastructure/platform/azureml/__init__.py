"""Azure ML builders on azure-ai-ml (imported lazily, optional extra): data assets, jobs, sweeps."""

from resume_ner.infrastructure.platform.azureml.command_job import (
    CommandJobError,
    JobInput,
    build_command_job,
    load_command_job,
    submit_job,
    train_command,
    write_command_job,
)
from resume_ner.infrastructure.platform.azureml.data_asset import (
    AzureMLNotInstalledError,
    build_data_asset,
    register_data_asset,
)
from resume_ner.infrastructure.platform.azureml.sweep import (
    SweepError,
    build_sweep_job,
    load_sweep_job,
    submit_sweep_job,
    sweep_param_names,
    write_sweep_job,
)

__all__ = [
    "AzureMLNotInstalledError",
    "CommandJobError",
    "JobInput",
    "SweepError",
    "build_command_job",
    "build_data_asset",
    "build_sweep_job",
    "load_command_job",
    "load_sweep_job",
    "register_data_asset",
    "submit_job",
    "submit_sweep_job",
    "sweep_param_names",
    "train_command",
    "write_command_job",
    "write_sweep_job",
]
