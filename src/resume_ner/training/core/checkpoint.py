"""Best and last checkpoints, written as whole folders atomically, with the state to resume."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resume_ner.common.shared import atomic_write_text

logger = logging.getLogger(__name__)

BEST_DIR = "best"
"""Sub-folder of the output folder holding the best model."""
LAST_DIR = "last"
"""Sub-folder holding the last checkpoint (model + training state)."""
TRAINING_STATE_FILE = "training_state.pt"
"""Optimizer, scheduler, grad-scaler and RNG states (torch.save, loadable weights-only)."""
TRAINER_STATE_FILE = "trainer_state.json"
"""Epoch, best score, patience counter, history and the run key (exact JSON floats)."""
METRICS_FILE = "metrics.json"
"""Metrics of the epoch a model folder was saved at."""

_TMP = ".tmp-"
_OLD = ".old-"


def write_folder_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Fill a fresh temporary folder with ``write`` and swap it in for ``target``.

    Readers see the old folder or the new one, never a half-written one. Between the two
    renames only ``.<name>.old-<pid>`` exists; :func:`recover_folder` restores it.
    """
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.name}{_TMP}{os.getpid()}"
    old = final.parent / f".{final.name}{_OLD}{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        write(tmp)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return final


def recover_folder(target: str | os.PathLike[str]) -> Path | None:
    """``target`` if it exists; else restore a folder left aside by an interrupted swap.

    Stale temporary folders of interrupted writes are removed.
    """
    final = Path(target)
    parent = final.parent
    if not parent.is_dir():
        return None
    for stale in parent.glob(f".{final.name}{_TMP}*"):
        shutil.rmtree(stale, ignore_errors=True)
    if final.exists():
        for old in parent.glob(f".{final.name}{_OLD}*"):
            shutil.rmtree(old, ignore_errors=True)
        return final
    olds = sorted(parent.glob(f".{final.name}{_OLD}*"), key=lambda p: p.stat().st_mtime)
    if not olds:
        return None
    logger.warning("restoring %s from %s (a checkpoint swap was interrupted)", final, olds[-1])
    os.replace(olds[-1], final)
    return final


def write_exact_json(path: Path, value: Any) -> None:
    """Atomically write JSON keeping floats exact (no rounding), so resumed runs compare equal."""
    atomic_write_text(path, json.dumps(value, indent=2, sort_keys=True) + "\n")


def save_training_state(folder: Path, state: dict[str, Any], trainer_state: dict[str, Any]) -> None:
    """Write ``training_state.pt`` (tensors and plain values) and ``trainer_state.json``."""
    import torch

    torch.save(state, folder / TRAINING_STATE_FILE)
    write_exact_json(folder / TRAINER_STATE_FILE, trainer_state)


def load_trainer_state(folder: Path) -> dict[str, Any]:
    """Read ``trainer_state.json`` of a last checkpoint.

    Raises:
        ValueError: Naming the file, when it is missing or not valid JSON.
    """
    path = folder / TRAINER_STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"checkpoint {folder} has no {TRAINER_STATE_FILE}; cannot resume"
        ) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


def load_training_state(folder: Path) -> dict[str, Any]:
    """Read ``training_state.pt`` (weights-only unpickling) onto the CPU."""
    import torch

    path = folder / TRAINING_STATE_FILE
    if not path.is_file():
        raise ValueError(f"checkpoint {folder} has no {TRAINING_STATE_FILE}; cannot resume")
    state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    return state
