"""Best configuration across studies, by objective, with an explicit accuracy-speed trade-off."""

from resume_ner.evaluation.selection.candidates import candidates_from_results, load_studies
from resume_ner.evaluation.selection.io import load_selection, selection_to_dict, write_selection
from resume_ner.evaluation.selection.rule import (
    Candidate,
    SelectionError,
    SelectionResult,
    select_candidate,
    threshold,
)
from resume_ner.evaluation.selection.stage import SelectionOutput, run_selection, selected_config

__all__ = [
    "Candidate",
    "SelectionError",
    "SelectionOutput",
    "SelectionResult",
    "candidates_from_results",
    "load_selection",
    "load_studies",
    "run_selection",
    "select_candidate",
    "selected_config",
    "selection_to_dict",
    "threshold",
    "write_selection",
]
