"""Validation, label mapping, span/BIO alignment, windows, splits, k-fold, label-noise report."""

from resume_ner.data.processing.alignment import (
    OUTSIDE,
    ScoredSpan,
    decode_with_scores,
    encode_spans,
    split_tag,
)
from resume_ner.data.processing.combine import combine_with_duplicates
from resume_ner.data.processing.consistency import ConsistencyReport, consistency_report
from resume_ner.data.processing.constrained import constrained_decode
from resume_ner.data.processing.labels import (
    CANONICAL_LABELS,
    PRESETS,
    build_label_map,
    map_labels,
)
from resume_ner.data.processing.merge import MergedTokens, merge_window_predictions
from resume_ner.data.processing.prepare import PreparedDocuments, SourceInfo, prepare_documents
from resume_ner.data.processing.propagation import (
    MentionConvention,
    labels_to_propagate,
    mention_conventions,
    propagate_mentions,
)
from resume_ner.data.processing.split_files import SPLITS_FILE, read_split, write_splits
from resume_ner.data.processing.splits import Fold, Splits, kfold_documents, split_documents
from resume_ner.data.processing.transitions import (
    TransitionPrior,
    WordSequence,
    estimate_transitions,
    gap_kind,
    word_sequence,
)
from resume_ner.data.processing.validation import DataValidationError, validate_documents
from resume_ner.data.processing.validation_report import ValidationReport
from resume_ner.data.processing.windows import (
    Window,
    encode_documents,
    plan_windows,
)

__all__ = [
    "CANONICAL_LABELS",
    "OUTSIDE",
    "PRESETS",
    "SPLITS_FILE",
    "ConsistencyReport",
    "DataValidationError",
    "Fold",
    "MentionConvention",
    "MergedTokens",
    "PreparedDocuments",
    "ScoredSpan",
    "SourceInfo",
    "Splits",
    "TransitionPrior",
    "ValidationReport",
    "Window",
    "WordSequence",
    "build_label_map",
    "combine_with_duplicates",
    "consistency_report",
    "constrained_decode",
    "decode_with_scores",
    "encode_documents",
    "encode_spans",
    "estimate_transitions",
    "gap_kind",
    "kfold_documents",
    "labels_to_propagate",
    "map_labels",
    "mention_conventions",
    "merge_window_predictions",
    "plan_windows",
    "prepare_documents",
    "propagate_mentions",
    "read_split",
    "split_documents",
    "split_tag",
    "validate_documents",
    "word_sequence",
    "write_splits",
]
