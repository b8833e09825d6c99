"""What a final-training run is called and records: run name, tags and params."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from resume_ner import __version__
from resume_ner.common.constants import Stage
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import git_sha
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.training.execution.selection_input import SelectionInput

PARAM_SECTIONS = ("model", "data", "training")
"""Config sections logged as MLflow params (the ones that define the trained model)."""

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class RunIdentity:
    """The fingerprints and names one final training is known by."""

    backbone: str
    variant: int
    spec_fp: str
    exec_fp: str
    data_fp: str

    def values(self, config: ResumeNerConfig) -> dict[str, object]:
        """Template values for run and experiment names."""
        return {
            "backbone": self.backbone,
            "variant": self.variant,
            "spec_fp": self.spec_fp,
            "exec_fp": self.exec_fp,
            "data_fp": self.data_fp,
            "dataset": config.data.name,
            "seed": config.training.seed,
        }


def experiment_and_run_name(config: ResumeNerConfig, identity: RunIdentity) -> tuple[str, str]:
    """The MLflow experiment and run name from the naming templates (``train`` stage)."""
    namer = RunNamer.from_config(config.naming)
    values = identity.values(config)
    return namer.experiment_name(Stage.TRAIN, **values), namer.run_name("train", **values)


def run_tags(
    config: ResumeNerConfig,
    identity: RunIdentity,
    selection: SelectionInput | None = None,
    *,
    status: str | None = None,
) -> dict[str, str]:
    """Tags: stage, backbone, variant, versions, fingerprints, and the lineage parent.

    The parent is the selection (``parent.stage=select``, ``parent.spec_fp``) when training
    from one, else the data stage (``parent.stage=data``, ``parent.data_fp``).
    """
    keys = TagKeys.from_config(config.naming)
    tags = {
        **keys.run_tags(
            Stage.TRAIN,
            backbone=identity.backbone,
            variant=identity.variant,
            status=status,
            package_version=__version__,
            git_sha=git_sha(),
        ),
        **keys.fingerprint_tags(
            spec_fp=identity.spec_fp, exec_fp=identity.exec_fp, data_fp=identity.data_fp
        ),
    }
    if selection is not None:
        tags.update(keys.lineage_tags(Stage.SELECT, spec_fp=selection.fingerprint))
        if selection.study is not None:
            tags[keys.study] = selection.study
        if selection.trial is not None:
            tags[keys.trial] = str(selection.trial)
    else:
        tags.update(keys.lineage_tags(Stage.DATA, data_fp=identity.data_fp))
    return tags


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping) and value and all(_PLAIN_KEY.match(str(k)) for k in value):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}", out)
    elif isinstance(value, Mapping | list):
        out[prefix] = json.dumps(value, sort_keys=True, ensure_ascii=False)
    else:
        out[prefix] = value


def run_params(config: ResumeNerConfig) -> dict[str, Any]:
    """The model, data and training sections flattened to dotted keys.

    Nested settings become dotted keys (``data.split.train``); mappings whose keys are not
    plain identifiers (label maps) and lists are logged as one JSON value.
    """
    dumped = config.model_dump(mode="json")
    params: dict[str, Any] = {}
    for section in PARAM_SECTIONS:
        _flatten(dumped[section], section, params)
    return params
