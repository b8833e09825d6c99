"""Make a conversion folder servable on its own: tokenizer, configs, label schema, weights."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from resume_ner.common.constants import files
from resume_ner.training.core.artifact import CONFIG_FILE, WEIGHTS_FILE
from resume_ner.training.core.hf_compat import REMOTE_FILES

TOKENIZER_FILES = (
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
    "vocab.txt", "vocab.json", "merges.txt", "spiece.model", "sentencepiece.bpe.model",
)  # fmt: skip
"""Tokenizer files copied when the model folder has them."""
REQUIRED_FILES = (CONFIG_FILE, files.LABEL_SCHEMA_FILE, "tokenizer.json")
"""Files every servable folder needs."""


def copy_servable(model_folder: Path, target: Path) -> None:
    """Copy what serving needs besides the ONNX files from ``model_folder`` into ``target``.

    The PyTorch weights and any modeling code come too (the weights hard-linked where the
    file system allows), so transformers' ``from_pretrained`` opens the folder like the
    trained one. ``config.resolved.yaml`` (window settings) is taken from the model folder or
    its parent (a run folder holding ``best/``).

    Raises:
        FileNotFoundError: If a required file is missing, naming it.
    """
    for name in REQUIRED_FILES:
        if not (model_folder / name).is_file():
            raise FileNotFoundError(f"model folder {model_folder} has no {name}")
    for name in (CONFIG_FILE, files.LABEL_SCHEMA_FILE, *TOKENIZER_FILES, *REMOTE_FILES):
        if (model_folder / name).is_file():
            shutil.copy2(model_folder / name, target / name)
    if (model_folder / WEIGHTS_FILE).is_file():
        _link_or_copy(model_folder / WEIGHTS_FILE, target / WEIGHTS_FILE)
    for place in (model_folder, model_folder.parent):
        resolved = place / files.RESOLVED_CONFIG_FILE
        if resolved.is_file():
            shutil.copy2(resolved, target / files.RESOLVED_CONFIG_FILE)
            break


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (saves are atomic renames, so the link never sees a
    later rewrite), else copy it."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def publish(staging: Path, folder: Path) -> None:
    """Move a finished ``staging`` folder to ``folder``, replacing any previous content.

    The old folder is moved aside first and deleted only once the new one is in place.
    """
    old = folder.with_name(f".{folder.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    if old.exists():
        shutil.rmtree(old)
