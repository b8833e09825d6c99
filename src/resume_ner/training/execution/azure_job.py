"""The Azure ML command job of a final training: config and data as inputs, outputs mounted.

The job config is the resolved config with ``training.launcher=inprocess``,
``platform.name=azureml``, a relative output root (so the Azure ML adapter puts every output
under the job output ``output_root``) and, for the embedded SQLite store, an empty tracking
URI (the job logs to the workspace through ``MLFLOW_TRACKING_URI``). Each local data source
becomes an input (``data_<i>``: ``uri_file`` for a file, ``uri_folder`` for a folder or an
``azureml:`` data asset) whose mount path replaces the source path through ``--set``.
With ``training.nproc_per_node`` x ``training.nnodes`` above one, the job asks for
``nnodes`` instances and a PyTorch distribution of ``nproc_per_node`` processes on each
(Azure ML sets the ranks; rank 0 writes and tracks), and each node installs the package once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from resume_ner.common.shared import hash_value
from resume_ner.infrastructure.config import dump_config
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.training.execution.launcher import (
    CHILD_LAUNCHER,
    LaunchPlan,
    TrainArgs,
    write_launch_config,
)

JOB_OUTPUT_ROOT = "outputs"
"""Output root written into the job config when the configured one is absolute."""
_REMOTE = ("azureml:", "http://", "https://", "abfss://", "wasbs://")


def find_project_root(start: Path | None = None) -> Path | None:
    """The checkout holding ``pyproject.toml`` above this package (None for an installed one)."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "resume_ner").is_dir():
            return folder
    return None


def _source_inputs(
    config: ResumeNerConfig, base_dir: Path
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from resume_ner.data.datasets.bundled import BUNDLED_PREFIX
    from resume_ner.data.processing.prepare import resolve_source
    from resume_ner.infrastructure.platform.azureml import JobInput

    inputs: dict[str, Any] = {}
    sources: list[dict[str, Any]] = []
    for i, source in enumerate(config.data.sources):
        entry = source.model_dump(mode="json")
        if not source.path.startswith(BUNDLED_PREFIX):
            name = f"data_{i}"
            if source.path.startswith(_REMOTE):
                inputs[name] = JobInput(source.path, "uri_folder")
            else:
                path = resolve_source(source.path, base_dir, f"data.sources[{i}].path")
                inputs[name] = JobInput(str(path), "uri_folder" if path.is_dir() else "uri_file")
            entry["path"] = f"${{{{inputs.{name}}}}}"
        sources.append(entry)
    return inputs, sources


def job_config(config: ResumeNerConfig) -> ResumeNerConfig:
    """``config`` as the Azure ML job runs it (see the module docstring)."""
    from resume_ner.infrastructure.config import apply_overrides

    params: dict[str, Any] = {"training.launcher": CHILD_LAUNCHER, "platform.name": "azureml"}
    if Path(config.paths.output_root).expanduser().is_absolute():
        params["paths.output_root"] = JOB_OUTPUT_ROOT
    uri = config.tracking.uri or ""
    if not uri or uri.startswith("sqlite:"):
        params["tracking.uri"] = None
    return apply_overrides(config, params)


def plan_azureml(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    args: TrainArgs | None = None,
    *,
    code: str | os.PathLike[str] | None = None,
) -> LaunchPlan:
    """Write the job config and the validated job YAML under ``logs/launch/``.

    ``config`` is taken before any selection is applied (the selection file becomes a job
    input); ``code`` is the code snapshot folder (default: this project's checkout).

    Raises:
        ValueError: If no checkout is found and ``code`` is not given, or the YAML does not
            validate.
        AzureMLNotInstalledError: Without azure-ai-ml.
    """
    from resume_ner.infrastructure.platform.azureml import (
        JobInput,
        build_command_job,
        load_command_job,
        train_command,
        write_command_job,
    )
    from resume_ner.infrastructure.platform.azureml.command_job import (
        CONFIG_INPUT,
        DEFAULT_INSTALL,
        once_per_node,
    )

    code_dir = Path(code) if code is not None else find_project_root()
    if code_dir is None:
        raise ValueError(
            "no project checkout found to upload as the job's code; pass --code FOLDER"
        )
    cloud = job_config(config)
    config_path = write_launch_config(cloud, layout, "azureml")
    digest = hash_value(dump_config(cloud), 8)
    inputs, sources = _source_inputs(config, Path(base_dir))
    inputs[CONFIG_INPUT] = JobInput(str(config_path), "uri_file")
    overrides = [f"data.sources={json.dumps(sources)}"] if inputs.keys() - {CONFIG_INPUT} else []
    args = args or TrainArgs()
    flags = ["--force"] if args.force else []
    if args.from_selection is not None:
        inputs["selection"] = JobInput(str(Path(args.from_selection).resolve()), "uri_file")
        flags += ["--from-selection", "${{inputs.selection}}"]
    training = config.training
    distributed = training.nproc_per_node * training.nnodes > 1
    install = once_per_node(DEFAULT_INSTALL) if distributed else DEFAULT_INSTALL
    config_ref = f"${{{{inputs.{CONFIG_INPUT}}}}}"
    job = build_command_job(
        config.platform.azureml,
        command=train_command(config_ref, overrides=overrides, flags=flags, install=install),
        code=code_dir,
        inputs=inputs,
        display_name=f"train-{config.data.name}-{digest}",
        environment_variables={"RESUME_NER_PLATFORM__NAME": "azureml"},
        tags={"resume_ner.stage": "train", "resume_ner.dataset": config.data.name},
        process_count_per_instance=training.nproc_per_node,
        instance_count=training.nnodes,
    )
    job_path = write_command_job(job, config_path.with_name(f"{config_path.stem}.job.yaml"))
    load_command_job(job_path)
    return LaunchPlan("azureml", config_path, job_path=job_path)


def submit_plan(plan: LaunchPlan, config: ResumeNerConfig, *, stream: bool = True) -> str:
    """Submit the plan's job YAML to the configured workspace; returns the job name.

    Raises:
        CommandJobError: Listing the missing ``RESUME_NER_PLATFORM__AZUREML__*`` variables
            when the workspace is not configured, or when Azure ML refuses the job.
    """
    from resume_ner.infrastructure.platform.azureml import load_command_job, submit_job
    from resume_ner.infrastructure.platform.azureml.command_job import (
        CommandJobError,
        missing_workspace_settings,
    )

    if plan.job_path is None:
        raise CommandJobError(f"the {plan.launcher} plan has no Azure ML job to submit")
    missing = missing_workspace_settings(config.platform.azureml)
    if missing:
        raise CommandJobError(
            "cannot submit to Azure ML: the workspace is not configured; set "
            + ", ".join(missing)
            + f" (the job YAML is ready at {plan.job_path})"
        )
    return submit_job(load_command_job(plan.job_path), config.platform.azureml, stream=stream)
