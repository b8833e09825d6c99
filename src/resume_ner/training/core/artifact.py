"""Save and load a trained token classifier as a self-contained folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import files
from resume_ner.common.shared import atomic_write_bytes, write_json
from resume_ner.training.core.backbone import load_tokenizer
from resume_ner.training.core.hf_compat import (
    AUTO_MAP,
    REMOTE_ARCHITECTURE,
    own_layout,
    remove_remote_code,
    stock_layout,
    write_remote_code,
)
from resume_ner.training.core.model import (
    HEAD_KEY,
    HeadSettings,
    classifier_from_config,
    set_labels,
)

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core.model import TokenClassifier

CONFIG_FILE = "config.json"
"""Hugging Face config of the encoder, with id2label/label2id and the head settings."""
WEIGHTS_FILE = "model.safetensors"
"""All weights of the classifier (encoder, shape embedding, linear head)."""


class ModelFolderError(ValueError):
    """A folder is not a loadable resume-ner model; the message names the folder and file."""


def save_model(
    model: TokenClassifier,
    tokenizer: PreTrainedTokenizerBase,
    schema: LabelSchema,
    folder: str | os.PathLike[str],
) -> Path:
    """Write a model folder: ``config.json``, ``model.safetensors``, tokenizer files and
    ``label_schema.json``, loadable by transformers' ``AutoModelForTokenClassification``.

    ``config.json`` is the encoder's Hugging Face config with ``id2label``/``label2id`` and
    the head settings under ``"resume_ner_head"``. A head with word-shape features (or one
    the encoder family's stock class cannot hold) also gets the modeling code and an
    ``auto_map`` (open it with ``trust_remote_code=True``); a plain head is saved in the stock
    class's layout (``architectures`` names it, weights keyed ``<family>.*``/``classifier.*``).

    Args:
        model: A token classifier from :func:`build_model` or :func:`load_model`
            (a ``torch.compile`` wrapper is unwrapped).
        tokenizer: Its fast tokenizer.
        schema: The label schema the classifier predicts.
        folder: Destination (created; existing files are replaced).

    Returns:
        The folder.
    """
    from safetensors.torch import save

    model = getattr(model, "_orig_mod", model)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    config = model.encoder.config
    set_labels(config, schema)
    state = {
        name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()
    }
    stock = stock_layout(model, state)
    config.architectures = [stock[0] if stock else REMOTE_ARCHITECTURE]
    data = config.to_dict()
    data[HEAD_KEY] = model.head.to_dict()
    if stock:
        state = stock[1]
        data.pop("auto_map", None)
        remove_remote_code(target)
    else:
        data["auto_map"] = dict(AUTO_MAP)
        write_remote_code(target)
    atomic_write_bytes(target / WEIGHTS_FILE, save(state, metadata={"format": "pt"}))
    tokenizer.save_pretrained(target)
    schema.save(target)
    write_json(target / CONFIG_FILE, data)
    return target


def _require(path: Path, folder: Path) -> Path:
    if not path.is_file():
        raise ModelFolderError(
            f"model folder {folder} has no {path.name}; expected a folder written by save_model "
            f"({CONFIG_FILE}, {WEIGHTS_FILE}, tokenizer files, {files.LABEL_SCHEMA_FILE})"
        )
    return path


def read_head(folder: str | os.PathLike[str]) -> tuple[dict[str, Any], HeadSettings]:
    """The raw ``config.json`` of a model folder and its head settings.

    Raises:
        ModelFolderError: If the folder or config is missing or is not a resume-ner model.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ModelFolderError(f"model folder {root} does not exist")
    path = _require(root / CONFIG_FILE, root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelFolderError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or HEAD_KEY not in data:
        raise ModelFolderError(f"{path} has no '{HEAD_KEY}' section: not a resume-ner model folder")
    try:
        return data, HeadSettings.from_dict(data[HEAD_KEY], str(path))
    except ValueError as exc:
        raise ModelFolderError(str(exc)) from None


def check_prior(head: HeadSettings, num_tags: int, config_path: Path) -> None:
    """Raise when the saved transition prior does not cover the model's tags.

    Raises:
        ModelFolderError: Naming ``config_path`` and both sizes.
    """
    prior = head.transition_prior
    if prior is not None and prior.num_tags != num_tags:
        raise ModelFolderError(
            f"{config_path}: the transition prior covers {prior.num_tags} tags but the label "
            f"schema has {num_tags}; the folder was edited or mixed"
        )


def load_model(
    folder: str | os.PathLike[str], device: str = "cpu"
) -> tuple[TokenClassifier, PreTrainedTokenizerBase, LabelSchema]:
    """Load a folder written by :func:`save_model`.

    Args:
        folder: The model folder.
        device: Where to put the model (``"cpu"``, ``"cuda"``, ...).

    Returns:
        ``(model, tokenizer, schema)`` with the model in eval mode.

    Raises:
        ModelFolderError: If a file is missing, the config is not a resume-ner model or the
            config's labels disagree with ``label_schema.json``.
    """
    from safetensors.torch import load_file
    from transformers import AutoConfig

    from resume_ner.data.datasets.schema import LabelSchema

    root = Path(folder)
    _, head = read_head(root)
    weights = _require(root / WEIGHTS_FILE, root)
    schema = LabelSchema.load(_require(root / files.LABEL_SCHEMA_FILE, root))
    config = AutoConfig.from_pretrained(root)
    saved = {int(k): v for k, v in dict(config.id2label).items()}
    if saved != schema.id2label:
        raise ModelFolderError(
            f"{root / CONFIG_FILE}: id2label does not match {files.LABEL_SCHEMA_FILE} "
            f"(labels: {', '.join(schema.labels)}); the folder was edited or mixed"
        )
    check_prior(head, schema.num_tags, root / CONFIG_FILE)
    model = classifier_from_config(config, head, schema.num_tags)
    model.load_state_dict(own_layout(load_file(str(weights)), model.encoder))
    model.to(device)
    model.eval()
    return model, load_tokenizer(str(root)), schema
