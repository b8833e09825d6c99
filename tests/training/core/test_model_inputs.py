"""Documents -> windows -> model inputs: label ids, shape ids, padding and label checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.data.datasets import IGNORE_INDEX, LabelSchema, LabelSchemaError
from resume_ner.data.loaders.document import Document, Span
from resume_ner.training.core.backbone import load_tokenizer
from resume_ner.training.core.features import check_labels, collate, encode_set
from resume_ner.training.core.shapes import PAD_SHAPE_ID, SHAPES


def test_window_inputs_label_first_sub_tokens_and_shape_every_token(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    tokenizer = load_tokenizer(str(tiny_backbone))
    text = "Jane Doe\npython engineer"
    document = Document("d1", text, (Span(0, 8, "NAME"), Span(9, 24, "DESIGNATION")))
    encoded = encode_set(tokenizer, [document], schema, max_length=64, stride=8)
    (features,) = encoded.features
    tokens = tokenizer.convert_ids_to_tokens(list(features.input_ids))
    assert tokens == [
        "[CLS]",
        "j",
        "##a",
        "##n",
        "##e",
        "d",
        "##o",
        "##e",
        "python",
        "engineer",
        "[SEP]",
    ]
    tags = [schema.tags[i] if i != IGNORE_INDEX else None for i in features.labels]
    assert tags == [
        None, "B-NAME", None, None, None, "I-NAME", None, None,
        "B-DESIGNATION", "I-DESIGNATION", None,
    ]  # fmt: skip
    title = 1 + 2 * SHAPES.index("Xxxx")
    lower = 1 + 2 * SHAPES.index("xxxx")
    assert features.shape_ids == (
        PAD_SHAPE_ID, title + 1, title, title, title, title, title, title,
        lower + 1, lower, PAD_SHAPE_ID,
    )  # fmt: skip
    assert encoded.owners == (0,)
    assert encoded.windows_by_document() == [[0]]


def test_long_documents_become_several_windows(tiny_backbone: Path, schema: LabelSchema) -> None:
    tokenizer = load_tokenizer(str(tiny_backbone))
    documents = [Document("long", "python engineer " * 100), Document("short", "sql")]
    encoded = encode_set(tokenizer, documents, schema, max_length=32, stride=8)
    groups = encoded.windows_by_document()
    assert len(groups[0]) > 5
    assert len(groups[1]) == 1
    assert max(encoded.lengths) == 32


def test_collate_pads_each_key_with_its_own_value(tiny_backbone: Path, schema: LabelSchema) -> None:
    tokenizer = load_tokenizer(str(tiny_backbone))
    documents = [Document("a", "python engineer at sql"), Document("b", "sql")]
    encoded = encode_set(tokenizer, documents, schema, max_length=64, stride=8)
    batch = collate(encoded.features, pad_token_id=tokenizer.pad_token_id)
    assert batch["input_ids"].shape == (2, 6)
    assert batch["input_ids"][1].tolist()[3:] == [tokenizer.pad_token_id] * 3
    assert batch["attention_mask"][1].tolist() == [1, 1, 1, 0, 0, 0]
    assert batch["shape_ids"][1].tolist()[3:] == [PAD_SHAPE_ID] * 3
    assert batch["labels"][1].tolist() == [IGNORE_INDEX, 0, IGNORE_INDEX] + [IGNORE_INDEX] * 3
    with pytest.raises(ValueError, match="cannot collate an empty batch"):
        collate([], 0)


def test_labels_unknown_to_the_schema_are_a_clear_error(schema: LabelSchema) -> None:
    documents = [
        Document("ok", "x", (Span(0, 1, "NAME"),)),
        Document("d7", "abc", (Span(0, 3, "HOBBY"),)),
    ]
    with pytest.raises(LabelSchemaError) as info:
        check_labels(documents, schema, "training")
    assert str(info.value).startswith(
        "training split: document 'd7' has label 'HOBBY', which is not in the label schema"
    )
