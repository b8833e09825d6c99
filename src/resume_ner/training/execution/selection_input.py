"""Read a selection.json as plain JSON and apply its chosen params to a config.

Training may not import the evaluation layer that writes the file, so its format is read
here: ``{"format": "resume-ner-selection/1", "params": {dotted key: value}, "chosen":
{"study", "trial", "score", "spec_fp", ...}, "spec_fp": ...}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_ner.common.constants.files import SELECTION_FILE
from resume_ner.common.shared import hash_file
from resume_ner.infrastructure.config.root import ResumeNerConfig

SELECTION_FORMAT = "resume-ner-selection/1"
"""Format tag a selection.json carries (written by the select stage)."""


class SelectionFileError(ValueError):
    """A selection file is missing, unreadable or malformed; the message names file and field."""


@dataclass(frozen=True)
class SelectionInput:
    """What final training takes from a selection: the dotted-key ``params`` it applies, the
    spec ``fingerprint`` (the file's hash when it has none) and the chosen trial's study,
    number and score when recorded."""

    path: Path
    params: Mapping[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    study: str | None = None
    trial: int | None = None
    score: float | None = None


def selection_file(path: str | os.PathLike[str]) -> tuple[Path, dict[str, Any]]:
    """A selection.json (or the one in a folder) and its content, format checked.

    Raises:
        SelectionFileError: Naming the file when it is missing, unreadable or not a selection.
    """
    file = Path(path).expanduser()
    if file.is_dir():
        file = file / SELECTION_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SelectionFileError(f"{file}: no such selection file") from None
    except json.JSONDecodeError as exc:
        raise SelectionFileError(f"{file}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SelectionFileError(f"{file}: cannot read the selection: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != SELECTION_FORMAT:
        raise SelectionFileError(
            f"{file}: not a selection file (expected format {SELECTION_FORMAT!r})"
        )
    return file, data


def read_selection(path: str | os.PathLike[str]) -> SelectionInput:
    """Read ``selection.json`` (or the folder holding it) for final training.

    Raises:
        SelectionFileError: Naming the file and field when it is missing or malformed.
    """
    file, data = selection_file(path)
    params = data.get("params")
    if not isinstance(params, dict) or not all(isinstance(key, str) for key in params):
        raise SelectionFileError(f"{file}: field 'params' must map dotted config keys to values")
    raw_chosen = data.get("chosen")
    chosen: dict[str, Any] = raw_chosen if isinstance(raw_chosen, dict) else {}
    fingerprint = data.get("spec_fp") or chosen.get("spec_fp") or hash_file(file)
    trial = chosen.get("trial")
    score = chosen.get("score")
    return SelectionInput(
        path=file.resolve(),
        params=dict(params),
        fingerprint=str(fingerprint),
        study=str(chosen["study"]) if chosen.get("study") is not None else None,
        trial=trial if isinstance(trial, int) and not isinstance(trial, bool) else None,
        score=float(score) if isinstance(score, int | float) else None,
    )


def apply_selection(config: ResumeNerConfig, selection: SelectionInput) -> ResumeNerConfig:
    """``config`` with the selection's params set (validated like ``--set`` overrides).

    Raises:
        SelectionFileError: Naming the file and the parameter that does not fit the config.
    """
    from resume_ner.infrastructure.config import ConfigError, apply_overrides

    try:
        return apply_overrides(config, selection.params, "selection")
    except ConfigError as exc:
        problems = "; ".join(map(str, exc.problems))
        raise SelectionFileError(f"{selection.path}: field 'params': {problems}") from None
