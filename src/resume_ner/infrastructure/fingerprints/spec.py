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
            {"seed", "num_threads", "torch_compile", "eval_batch_size", "save_last", "launcher"}
        ),
    }
)
"""Config fields left out of spec_fp because they do not change the trained model.

* ``model.name``: a display name for paths and runs.
* ``data.name``: the ``{dataset}`` token only; ``data.sources[].path``: where the files are
  (their content is in the data fingerprint).
* ``training.seed``: replaced by the effective ``seed`` argument.
* ``training.num_threads`` and ``training.torch_compile``: execution choices whose only effect
  is floating-point rounding order.
* ``training.eval_batch_size``: evaluation batching; padded positions are masked.
* ``training.save_last``: keeps a resumable checkpoint; the model is the same.
* ``training.launcher``: how the process starts (``nproc_per_node`` stays: it multiplies the
  global batch size).

Every other field, including fields added later, goes in (fail-safe: an unknown field can
only cause a needless retrain, never a wrong reuse).
"""


def spec_fp(
    model: ModelConfig | Mapping[str, Any],
    data: DataConfig | Mapping[str, Any] | str | Fingerprint,
    training: TrainingConfig | Mapping[str, Any],
    seed: int | None = None,
    *,
    data_fp: str | Fingerprint | None = None,
) -> Fingerprint:
    """Fingerprint a training specification.

    What goes in (see :data:`SPEC_EXCLUDED_FIELDS` for what stays out):

    * ``model``: every ModelConfig field except ``name``. A ``backbone`` naming an existing
      local folder is replaced by ``{"local_fp": data_fp(folder)}`` so the value does not
      depend on where the folder is; a package or hub name goes in as written.
    * ``data``: ``{"data_fp": ..., "processing": ...}`` where processing is every DataConfig
      field except ``name`` and each source's ``path`` (so label maps, presets, windowing,
      sub-token labelling, split and split seed count). Given a data fingerprint instead of a
      config, only ``{"data_fp": ...}`` goes in.
    * ``training``: every TrainingConfig field except the excluded ones.
    * ``seed``: the effective seed (``training.seed`` when None).

    Dicts are validated into the config models first, so ``{}`` and ``ModelConfig()`` give
    the same value and defaults count the same whether written or not.

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
    components = {
        "model": _model_part(model_cfg),
        "data": data_part,
        "training": _without(
            training_cfg.model_dump(mode="json"), SPEC_EXCLUDED_FIELDS["training"]
        ),
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
