"""Best configuration across studies, by objective, with an explicit accuracy-speed trade-off."""

from resume_ner.evaluation.selection.candidates import load_studies
from resume_ner.evaluation.selection.io import load_selection, write_selection
from resume_ner.evaluation.selection.rule import (
    Candidate,
    SelectionError,
    SelectionResult,
    select_candidate,
    threshold,
)
from resume_ner.evaluation.selection.stage import SelectionOutput, run_selection

__all__ = [
    "Candidate",
    "SelectionError",
    "SelectionOutput",
    "SelectionResult",
    "load_selection",
    "load_studies",
    "run_selection",
    "select_candidate",
    "threshold",
    "write_selection",
]
