"""Token classifier over any Hugging Face encoder, with an optional word-shape embedding."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from resume_ner.data.processing.transitions import TransitionPrior
from resume_ner.training.core.backbone import load_backbone_config, load_tokenizer, resolve_backbone
from resume_ner.training.core.shapes import NUM_SHAPE_IDS, PAD_SHAPE_ID, SHAPE_VERSION

if TYPE_CHECKING:
    import numpy as np
    from transformers import PreTrainedTokenizerBase

    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig

logger = logging.getLogger(__name__)

HEAD_KEY = "resume_ner_head"
"""Key of the head settings inside a saved model's ``config.json``."""
HEAD_FORMAT = "resume-ner-token-classifier/1"
"""Format tag of the saved head settings."""

HIDDEN_DROPOUT_KEYS: tuple[str, ...] = (
    "hidden_dropout_prob", "hidden_dropout", "dropout", "dropout_rate", "embedding_dropout",
    "mlp_dropout", "activation_dropout",
)  # fmt: skip
"""Config fields of hidden-state dropout across encoder families (BERT, DistilBERT, ...)."""
ATTENTION_DROPOUT_KEYS: tuple[str, ...] = (
    "attention_probs_dropout_prob", "attention_dropout", "attention_probs_dropout",
)  # fmt: skip
"""Config fields of attention dropout across encoder families."""


@dataclass(frozen=True)
class HeadSettings:
    """The classification head on top of the encoder, saved under ``HEAD_KEY``.

    Attributes:
        classifier_dropout: Dropout before the classifier.
        shape_features: Whether a word-shape embedding is concatenated to the encoder output.
        shape_embedding_dim: Size of that embedding.
        num_shape_ids: Rows of the shape embedding table.
        shape_version: Version of the shape rules the ids follow.
        crf_like_decoding: Decode with BIO constraints (Viterbi) instead of per-token argmax.
        propagate_labels: Labels whose predicted mentions are copied to every other
            occurrence of their text in the document (resolved from the training data).
        transition_prior: Tag-transition log-probabilities of the training annotations.
        transition_weight: Weight of that prior in Viterbi decoding (0 = BIO constraints only).
    """

    classifier_dropout: float = 0.1
    shape_features: bool = True
    shape_embedding_dim: int = 16
    num_shape_ids: int = NUM_SHAPE_IDS
    shape_version: int = SHAPE_VERSION
    crf_like_decoding: bool = True
    propagate_labels: tuple[str, ...] = ()
    transition_prior: TransitionPrior | None = None
    transition_weight: float = 0.0

    def decoding_transitions(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Weighted ``(start, transition)`` scores for Viterbi; ``None`` when unused."""
        if not self.crf_like_decoding or self.transition_prior is None:
            return None
        if self.transition_weight <= 0:
            return None
        return self.transition_prior.weighted(self.transition_weight)

    @classmethod
    def from_model_config(
        cls, config: ModelConfig, propagate_labels: Sequence[str] = ()
    ) -> HeadSettings:
        """Head settings from the ``model`` config section and the resolved propagating labels."""
        dropout = config.dropout if config.classifier_dropout is None else config.classifier_dropout
        return cls(
            classifier_dropout=dropout,
            shape_features=config.shape_features,
            shape_embedding_dim=config.shape_embedding_dim,
            crf_like_decoding=config.crf_like_decoding,
            propagate_labels=tuple(propagate_labels),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form, tagged with ``HEAD_FORMAT``."""
        prior = self.transition_prior
        fields = {**asdict(self), "transition_prior": prior.to_dict() if prior else None}
        return {"format": HEAD_FORMAT, **fields}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str) -> HeadSettings:
        """Read :meth:`to_dict` output; ``source`` names the file in errors."""
        if not isinstance(data, Mapping) or data.get("format") != HEAD_FORMAT:
            raise ValueError(
                f"{source}: '{HEAD_KEY}' must be an object with format {HEAD_FORMAT!r}; this is "
                "not a resume-ner model folder (or was written by an incompatible version)"
            )
        fields = {key: value for key, value in data.items() if key != "format"}
        if isinstance(fields.get("propagate_labels"), list):
            fields["propagate_labels"] = tuple(fields["propagate_labels"])
        try:
            if isinstance(fields.get("transition_prior"), Mapping):
                fields["transition_prior"] = TransitionPrior.from_dict(fields["transition_prior"])
            return cls(**fields)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{source}: invalid '{HEAD_KEY}': {exc}") from None


def apply_dropout(config: Any, dropout: float) -> list[str]:
    """Write ``dropout`` into every hidden/attention dropout field the encoder config has.

    Returns:
        The names of the fields set (empty, with a warning, when the family is unknown).
    """
    applied = []
    for key in (*HIDDEN_DROPOUT_KEYS, *ATTENTION_DROPOUT_KEYS):
        if isinstance(getattr(config, key, None), int | float):
            setattr(config, key, float(dropout))
            applied.append(key)
    if not applied:
        logger.warning(
            "model.dropout=%s not applied: %s config has none of the known dropout fields",
            dropout,
            getattr(config, "model_type", type(config).__name__),
        )
    return applied


LAYER_COUNT_KEYS: tuple[str, ...] = ("num_hidden_layers", "n_layers", "num_layers")
"""Config fields holding the number of transformer layers across encoder families."""


def keep_layers(config: Any, layers: int, backbone: str) -> str:
    """Shorten the encoder config to its first ``layers`` layers; returns the field set.

    Loading pretrained weights into the shortened config keeps the first ``layers`` layers.

    Raises:
        ValueError: If the family has no known layer-count field, or ``layers`` exceeds it.
    """
    for key in LAYER_COUNT_KEYS:
        present = getattr(config, key, None)
        if isinstance(present, int):
            if layers > present:
                raise ValueError(
                    f"model.num_layers={layers} exceeds the {present} layers of backbone "
                    f"{backbone!r}"
                )
            setattr(config, key, layers)
            return key
    raise ValueError(
        f"model.num_layers is set but the config of backbone {backbone!r} "
        f"({getattr(config, 'model_type', '?')}) has none of {', '.join(LAYER_COUNT_KEYS)}"
    )


def set_labels(config: Any, schema: LabelSchema) -> None:
    """Write the schema's ``id2label``/``label2id`` into a Hugging Face config."""
    config.id2label = schema.id2label
    config.label2id = schema.label2id


class TokenClassifier(Protocol):
    """The model seam: what training, evaluation, saving and export use of the classifier
    (a ``torch.nn.Module`` whose class :func:`token_classifier_class` builds on first use)."""

    encoder: Any
    head: HeadSettings
    num_tags: int
    training: bool

    @property
    def config(self) -> Any:
        """The encoder's Hugging Face config."""

    def __call__(self, input_ids: Any, attention_mask: Any, shape_ids: Any = None) -> Any:
        """Logits ``batch x length x num_tags`` for int64 inputs ``batch x length``."""

    def eval(self) -> Any:
        """Switch to inference mode."""

    def train(self, mode: bool = True) -> Any:
        """Switch to training mode."""

    def to(self, device: Any) -> Any:
        """Move to ``device``."""

    def parameters(self) -> Iterator[Any]:
        """Every parameter tensor."""

    def named_parameters(self) -> Iterator[tuple[str, Any]]:
        """Every parameter tensor with its dotted name."""

    def state_dict(self) -> Mapping[str, Any]:
        """The weights by name."""

    def load_state_dict(self, state: Mapping[str, Any]) -> Any:
        """Load weights by name."""


@functools.cache
def token_classifier_class() -> type[Any]:
    """The ``torch.nn.Module`` class of the token classifier (defined on first use)."""
    import torch
    from torch import nn

    class TokenClassifier(nn.Module):
        """Encoder -> [hidden ; shape embedding] -> dropout -> linear, one row of logits per token.

        ``forward(input_ids, attention_mask, shape_ids)`` takes int64 tensors of shape
        ``batch x length`` and returns float logits ``batch x length x num_tags``; the shape
        lookup is a plain embedding gather so the module exports to ONNX.
        """

        def __init__(self, encoder: Any, head: HeadSettings, num_tags: int) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head
            self.num_tags = num_tags
            hidden = int(encoder.config.hidden_size)
            width = hidden + (head.shape_embedding_dim if head.shape_features else 0)
            self.shape_embedding = (
                nn.Embedding(head.num_shape_ids, head.shape_embedding_dim, padding_idx=PAD_SHAPE_ID)
                if head.shape_features
                else None
            )
            self.dropout = nn.Dropout(head.classifier_dropout)
            self.classifier = nn.Linear(width, num_tags)
            std = float(getattr(encoder.config, "initializer_range", 0.02))
            nn.init.normal_(self.classifier.weight, std=std)
            nn.init.zeros_(self.classifier.bias)

        @property
        def config(self) -> Any:
            return self.encoder.config

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            shape_ids: torch.Tensor | None = None,
        ) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            if self.shape_embedding is not None:
                if shape_ids is None:
                    shape_ids = torch.zeros_like(input_ids)
                shapes = self.shape_embedding(shape_ids).to(hidden.dtype)
                hidden = torch.cat([hidden, shapes], dim=-1)
            logits: torch.Tensor = self.classifier(self.dropout(hidden))
            return logits

    return TokenClassifier


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Silence transformers' weight-loading report and progress bar (the pooler is dropped)."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def _encoder(source: Any, config: Any, pretrained: bool) -> Any:
    """An encoder without its pooler where the family allows (the pooler is unused)."""
    from transformers import AutoModel

    auto: Any = AutoModel

    def load(**kwargs: Any) -> Any:
        if pretrained:
            with _quiet_transformers():
                return auto.from_pretrained(source, config=config, **kwargs)
        return auto.from_config(config, **kwargs)

    try:
        return load(add_pooling_layer=False)
    except TypeError:
        return load()


def build_model(
    model_config: ModelConfig, schema: LabelSchema, propagate_labels: Sequence[str] = ()
) -> tuple[TokenClassifier, PreTrainedTokenizerBase]:
    """A fresh token classifier on the configured backbone, and the backbone's tokenizer.

    Dropout and ``model.num_layers`` are written into the encoder config (the first N layers
    of the pretrained encoder are kept); ``id2label``/``label2id`` come from the schema.
    Seed torch first for reproducible head weights.

    Returns:
        ``(model, tokenizer)``.

    Raises:
        BackboneError: If the backbone cannot be found or its tokenizer is not fast.
    """
    spec = model_config.backbone
    tokenizer = load_tokenizer(spec)
    config = load_backbone_config(spec)
    apply_dropout(config, model_config.dropout)
    if model_config.num_layers is not None:
        keep_layers(config, model_config.num_layers, spec)
    head = HeadSettings.from_model_config(model_config, propagate_labels)
    config.classifier_dropout = head.classifier_dropout
    set_labels(config, schema)
    encoder = _encoder(resolve_backbone(spec), config, pretrained=True)
    model = token_classifier_class()(encoder, head, schema.num_tags)
    return model, tokenizer


def classifier_from_config(config: Any, head: HeadSettings, num_tags: int) -> TokenClassifier:
    """A randomly initialised classifier with the architecture a saved config describes."""
    model: TokenClassifier = token_classifier_class()(
        _encoder(None, config, pretrained=False), head, num_tags
    )
    return model


def token_loss(logits: Any, labels: Any, total: int | None = None) -> Any:
    """Mean cross-entropy over labelled positions (-100 ignored; 0 when none is labelled).

    ``total`` divides the summed loss instead of this batch's labelled count: the labelled
    tokens of the whole global batch of a data-parallel step, of which this is one share.
    """
    import torch

    flat = labels.reshape(-1)
    summed = torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]).float(), flat, ignore_index=-100, reduction="sum"
    )
    if total is not None:
        return summed / max(1, total)
    return summed / (flat != -100).sum().clamp(min=1)
