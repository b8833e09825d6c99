"""selection.json: written atomically next to the selection, read back for final training."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, get_args

from resume_ner.common.constants.files import SELECTION_FILE
from resume_ner.common.shared import atomic_write_text
from resume_ner.evaluation.selection.rule import (
    Candidate,
    SelectionError,
    SelectionResult,
    SpeedSource,
    ToleranceMode,
)
from resume_ner.training.execution.selection_input import (
    SELECTION_FORMAT,
    SelectionFileError,
    selection_file,
)


def selection_to_dict(
    result: SelectionResult, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """JSON form of ``result`` (plus ``extra`` context such as studies and storage)."""
    return {
        "format": SELECTION_FORMAT,
        "chosen": asdict(result.chosen),
        "params": dict(result.params),
        "reason": result.reason,
        "metric": result.metric,
        "tolerance": result.tolerance,
        "tolerance_mode": result.tolerance_mode,
        "speed_source": result.speed_source,
        "score_table": list(result.score_table),
        **dict(extra or {}),
    }


def write_selection(
    result: SelectionResult, folder: str | os.PathLike[str], extra: Mapping[str, Any] | None = None
) -> Path:
    """Atomically write ``<folder>/selection.json``; floats keep full precision."""
    text = json.dumps(selection_to_dict(result, extra), indent=2, ensure_ascii=False)
    return atomic_write_text(Path(folder) / SELECTION_FILE, text + "\n")


def _require(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    if key not in data:
        raise SelectionError(f"{path}: missing field {key!r}; is this a selection.json?")
    value = data[key]
    if not isinstance(value, kind):
        raise SelectionError(f"{path}: field {key!r} has the wrong type ({type(value).__name__})")
    return value


def load_selection(path: str | os.PathLike[str]) -> SelectionResult:
    """Read a selection written by :func:`write_selection` (a file or its folder).

    Raises:
        SelectionError: Naming the file and field when it is missing, unreadable or malformed.
    """
    try:
        file, data = selection_file(path)
    except SelectionFileError as exc:
        raise SelectionError(str(exc)) from None
    chosen = _require(data, "chosen", dict, file)
    try:
        candidate = Candidate(**chosen)
    except TypeError as exc:
        raise SelectionError(f"{file}: field 'chosen' is malformed: {exc}") from None
    mode = _require(data, "tolerance_mode", str, file)
    source = _require(data, "speed_source", str, file)
    if mode not in get_args(ToleranceMode) or source not in get_args(SpeedSource):
        raise SelectionError(f"{file}: unknown tolerance_mode {mode!r} or speed_source {source!r}")
    tolerance = float(_require(data, "tolerance", (int, float), file))
    if not math.isfinite(tolerance):
        raise SelectionError(f"{file}: field 'tolerance' must be finite")
    return SelectionResult(
        chosen=candidate,
        params=dict(_require(data, "params", dict, file)),
        score_table=list(_require(data, "score_table", list, file)),
        reason=_require(data, "reason", str, file),
        metric=_require(data, "metric", str, file),
        tolerance=tolerance,
        tolerance_mode=mode,
        speed_source=source,
    )
