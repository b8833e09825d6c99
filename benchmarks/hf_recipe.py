"""The plain Hugging Face token-classification recipe, as a baseline system of the benchmarks.

``AutoModelForTokenClassification`` on the backbone, every sub-token labelled (``B-`` on an
entity's first sub-token, ``I-`` after it), overlapping 256-token windows (stride 64, the same
windows resume-ner trains on), ``Trainer`` with AdamW and a linear schedule, and prediction
through ``pipeline("token-classification", aggregation_strategy="simple", stride=128)``, which
groups every sub-token's argmax. No word shapes, no constrained decoding, no propagation.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Document, Span

WINDOW, STRIDE, PIPELINE_STRIDE = 256, 64, 128
LEARNING_RATE, BATCH = 2e-4, 8


def _features(tokenizer: Any, documents: Sequence[Document], tags: Sequence[str]) -> list[dict]:
    """Overlapping windows with a label per sub-token (-100 on special tokens)."""
    from resume_ner.data.processing import encode_spans

    tag_id = {tag: i for i, tag in enumerate(tags)}
    rows = []
    for document in documents:
        encoded = tokenizer(
            document.text,
            max_length=WINDOW,
            stride=STRIDE,
            truncation=True,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
        )
        for i, ids in enumerate(encoded["input_ids"]):
            offsets = [tuple(o) for o in encoded["offset_mapping"][i]]
            word_ids = encoded.word_ids(i)
            labels = encode_spans(document.spans, offsets, word_ids, label_all_subtokens=True)
            rows.append(
                {
                    "input_ids": ids,
                    "attention_mask": encoded["attention_mask"][i],
                    "labels": [-100 if t is None else tag_id[t] for t in labels],
                }
            )
    return rows


def _spans(text: str, entities: Sequence[dict[str, Any]]) -> list[Span]:
    spans = []
    for entity in entities:
        start, end = int(entity["start"]), int(entity["end"])
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(Span(start, end, str(entity["entity_group"])))
    return spans


def make_pipeline(model: Any, tokenizer: Any) -> Any:
    """The token-classification pipeline the recipe predicts with (``simple`` aggregation)."""
    from transformers import pipeline

    return pipeline(
        "token-classification",
        model=model.eval(),
        tokenizer=tokenizer,
        aggregation_strategy="simple",
        stride=PIPELINE_STRIDE,
        device=-1,
    )


def train_and_predict(
    backbone: str,
    train: Sequence[Document],
    held_out: Sequence[Document],
    labels: Sequence[str],
    *,
    epochs: int,
    seed: int,
    work: Path,
) -> dict[str, Any]:
    """Train the recipe on ``train`` and predict ``held_out`` whole; spans and timings."""
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        DataCollatorForTokenClassification,
        Trainer,
        TrainingArguments,
    )
    from transformers.utils import logging as hf_logging

    from resume_ner.training.core.backbone import resolve_backbone

    hf_logging.set_verbosity_error()
    source = resolve_backbone(backbone)
    tags = ["O", *(f"{p}-{label}" for label in labels for p in ("B", "I"))]
    tokenizer = AutoTokenizer.from_pretrained(source)
    model: Any = AutoModelForTokenClassification.from_pretrained(
        source,
        num_labels=len(tags),
        id2label=dict(enumerate(tags)),
        label2id={t: i for i, t in enumerate(tags)},
    )
    args = TrainingArguments(
        output_dir=str(work),
        learning_rate=LEARNING_RATE,
        num_train_epochs=epochs,
        per_device_train_batch_size=BATCH,
        save_strategy="no",
        report_to=[],
        use_cpu=True,
        seed=seed,
        logging_strategy="epoch",
        disable_tqdm=True,
    )
    start = time.perf_counter()
    Trainer(
        model=model,
        args=args,
        train_dataset=_features(tokenizer, train, tags),
        data_collator=DataCollatorForTokenClassification(tokenizer),
    ).train()
    train_seconds = time.perf_counter() - start
    tagger = make_pipeline(model, tokenizer)
    texts = [doc.text for doc in held_out]
    start = time.perf_counter()
    outputs = [tagger(text) if text.strip() else [] for text in texts]
    predict_seconds = time.perf_counter() - start
    return {
        "spans": [_spans(text, entities) for text, entities in zip(texts, outputs, strict=True)],
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
    }
