"""A resume-ner token classifier for transformers' Auto classes (no resume-ner needed).

Saved beside the weights of a model folder and named in ``auto_map`` of its ``config.json``:
``AutoModelForTokenClassification.from_pretrained(folder, trust_remote_code=True)``.
The layers and weight names are those of resume-ner's own classifier (``encoder``,
``shape_embedding``, ``dropout``, ``classifier``), so the logits are the same.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PreTrainedModel
from transformers.modeling_outputs import TokenClassifierOutput

from .configuration_resume_ner import HEAD_KEY, ResumeNerConfig

PAD_SHAPE_ID = 0


def _encoder(config: ResumeNerConfig) -> Any:
    """The encoder of the saved family, without its pooler where the family allows."""
    encoder_config = AutoConfig.for_model(config.encoder_type, **config.encoder_dict())
    auto: Any = AutoModel
    try:
        return auto.from_config(encoder_config, add_pooling_layer=False)
    except TypeError:
        return auto.from_config(encoder_config)


class ResumeNerForTokenClassification(PreTrainedModel):  # type: ignore[no-untyped-call]
    """Encoder -> [hidden ; word-shape embedding] -> dropout -> linear, logits per token.

    ``shape_ids`` are the word-shape ids resume-ner computes from the original text (its
    ``training/core/shapes.py``); without them every token gets the padding shape, so with a
    shape head the logits then differ slightly from resume-ner's Predictor.
    """

    config_class = ResumeNerConfig
    base_model_prefix = "encoder"

    def __init__(self, config: ResumeNerConfig) -> None:
        super().__init__(config)
        head = dict(getattr(config, HEAD_KEY))
        self.num_labels = len(config.id2label or {})
        self.encoder = _encoder(config)
        hidden = int(config.hidden_size)
        self.shape_embedding = None
        if head["shape_features"]:
            dim = int(head["shape_embedding_dim"])
            self.shape_embedding = nn.Embedding(
                int(head["num_shape_ids"]), dim, padding_idx=PAD_SHAPE_ID
            )
            hidden += dim
        self.dropout = nn.Dropout(float(head["classifier_dropout"]))
        self.classifier = nn.Linear(hidden, self.num_labels)
        self.post_init()  # type: ignore[no-untyped-call]

    def forward(  # noqa: PLR0917 (transformers calls it positionally like its own heads)
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        shape_ids: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        return_dict: bool | None = None,
    ) -> TokenClassifierOutput:
        """Logits ``batch x length x num_labels``; the loss too when ``labels`` are given.

        ``token_type_ids`` are accepted (the pipeline passes them) and unused: the classifier
        reads single sequences only.
        """
        del token_type_ids, return_dict
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
        if self.shape_embedding is not None:
            if shape_ids is None:
                shape_ids = torch.full_like(input_ids, PAD_SHAPE_ID)
            hidden = torch.cat([hidden, self.shape_embedding(shape_ids).to(hidden.dtype)], dim=-1)
        logits = self.classifier(self.dropout(hidden))
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(
                logits.reshape(-1, self.num_labels).float(), labels.reshape(-1), ignore_index=-100
            )
        return TokenClassifierOutput(loss=loss, logits=logits)
