"""spec_fp: the fingerprint of what a model is trained from (model, data, training, seed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from resume_ner.infrastructure.config.sections import DataConfig, ModelConfig, TrainingConfig
from resume_ner.infrastructure.fingerprints.base import (
    Fingerprint,
    as_config,
    fp_text,
    make_fingerprint,
)
from resume_ner.infrastructure.fingerprints.data import data_fp as folder_fp

SPEC_EXCLUDED_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "model": frozenset({"name"}),
        "data": frozenset({"name", "sources.path"}),
        "training": frozenset(
            {
                "seed",
                "num_threads",
                "torch_compile",
                "eval_batch_size",
                "save_last",
                "launcher",
                "rdzv_endpoint",
                "rdzv_id",
            }
        ),
    }
)
"""Config fields left out of spec_fp because they do not change the trained model (why, per
field: docs/fingerprints.md). Every other field, including fields added later, goes in
(fail-safe: an unknown field can only cause a needless retrain, never a wrong reuse).
``training.nproc_per_node`` goes in as the job's process count (times ``nnodes``, which
does not go in by itself: 2 nodes of 1 process train as 1 node of 2).
"""


def spec_fp(
    model: ModelConfig | Mapping[str, Any],
    data: DataConfig | Mapping[str, Any] | str | Fingerprint,
    training: TrainingConfig | Mapping[str, Any],
    seed: int | None = None,
    *,
    data_fp: str | Fingerprint | None = None,
) -> Fingerprint:
    """Fingerprint a training specification (recipe: docs/fingerprints.md).

    ``model``: every field but ``name``, a local backbone folder by its content
    (``local_fp``); ``data``: the data fingerprint plus every field but ``name`` and each
    source's ``path`` (only the fingerprint when ``data`` is one); ``training``: every field
    but the excluded ones; ``seed``: the effective seed (``training.seed`` when None). Dicts
    are validated into the config models first, so defaults count the same written or not.

    Raises:
        ValueError: On an invalid config (naming the section and field) or a missing data_fp.
    """
    model_cfg = as_config(model, ModelConfig, "model", "spec_fp")
    training_cfg = as_config(training, TrainingConfig, "training", "spec_fp")
    if isinstance(data, str | Fingerprint):
        if data_fp is not None:
            raise ValueError("spec_fp: give the data fingerprint once, as data or as data_fp")
        data_part: dict[str, Any] = {"data_fp": fp_text(data, "spec_fp data")}
    else:
        if data_fp is None:
            raise ValueError(
                "spec_fp: data_fp is required with a data config; pass data_fp=data_fp(paths)"
            )
        data_part = {
            "data_fp": fp_text(data_fp, "spec_fp data_fp"),
            "processing": _data_processing(as_config(data, DataConfig, "data", "spec_fp")),
        }
    training_part = _without(training_cfg.model_dump(mode="json"), SPEC_EXCLUDED_FIELDS["training"])
    # the global batch depends on the ranks, not on how they are spread over nodes
    training_part["nproc_per_node"] *= training_part.pop("nnodes")
    components = {
        "model": _model_part(model_cfg),
        "data": data_part,
        "training": training_part,
        "seed": training_cfg.seed if seed is None else int(seed),
    }
    return make_fingerprint("spec", components)


def _without(values: dict[str, Any], excluded: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in excluded}


def _model_part(model: ModelConfig) -> dict[str, Any]:
    values = _without(model.model_dump(mode="json"), SPEC_EXCLUDED_FIELDS["model"])
    local = Path(model.backbone).expanduser()
    if local.is_dir():
        values["backbone"] = {"local_fp": folder_fp(local).value}
    return values


def _data_processing(data: DataConfig) -> dict[str, Any]:
    values = _without(data.model_dump(mode="json"), SPEC_EXCLUDED_FIELDS["data"])
    values["sources"] = [
        {k: v for k, v in source.items() if f"sources.{k}" not in SPEC_EXCLUDED_FIELDS["data"]}
        for source in values["sources"]
    ]
    return values
