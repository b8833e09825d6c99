"""Document-level splits and k-fold: no leakage, stratification, determinism, files, errors."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from resume_ner.common.shared import FileFormatError
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import (
    SPLITS_FILE,
    Splits,
    kfold_documents,
    read_split,
    split_documents,
    write_splits,
)


def _doc(index: int, labels: list[str]) -> Document:
    text = " ".join(f"w{index}-{label}" for label in labels) or f"plain {index}"
    spans, start = [], 0
    for label in labels:
        word = f"w{index}-{label}"
        spans.append(Span(start, start + len(word), label))
        start += len(word) + 1
    return Document(f"doc-{index:03d}", text, tuple(spans), {"source": "test", "n": index})


def _corpus(n: int = 100, seed: int = 0) -> list[Document]:
    rng = random.Random(seed)
    common = ["NAME", "SKILL", "EMAIL", "COMPANY"]
    docs = [_doc(i, rng.sample(common, rng.randint(1, 3))) for i in range(n - 3)]
    # One label held by a single document, one by two.
    docs += [_doc(n - 3, ["NAME", "PHONE"]), _doc(n - 2, ["DEGREE"]), _doc(n - 1, ["DEGREE"])]
    rng.shuffle(docs)
    return docs


def _ids(documents: tuple[Document, ...] | list[Document]) -> set[str]:
    return {doc.id for doc in documents}


# ---------------------------------------------------------------- split_documents


@pytest.mark.parametrize("stratify", [True, False])
def test_split_has_no_leakage_and_loses_nothing(stratify: bool) -> None:
    docs = _corpus()
    splits = split_documents(docs, 0.8, 0.1, 0.1, seed=1, stratify=stratify)
    train, validation, test = (
        _ids(part) for part in (splits.train, splits.validation, splits.test)
    )
    assert not train & validation and not train & test and not validation & test
    assert train | validation | test == _ids(docs)
    assert (len(train), len(validation), len(test)) == (80, 10, 10)
    # Each split keeps the input order.
    order = {doc.id: i for i, doc in enumerate(docs)}
    for part in splits.as_dict().values():
        assert [order[d.id] for d in part] == sorted(order[d.id] for d in part)


def test_split_is_deterministic_by_seed_and_independent_of_input_order() -> None:
    docs = _corpus()
    first = split_documents(docs, 0.7, 0.2, 0.1, seed=5)
    again = split_documents(list(reversed(docs)), 0.7, 0.2, 0.1, seed=5)
    other = split_documents(docs, 0.7, 0.2, 0.1, seed=6)
    assert {k: set(v) for k, v in first.ids().items()} == {
        k: set(v) for k, v in again.ids().items()
    }
    assert first.ids() != other.ids()


def test_stratification_spreads_label_sets_and_keeps_rare_labels_in_train() -> None:
    docs = [_doc(i, ["NAME"]) for i in range(50)] + [_doc(50 + i, ["SKILL"]) for i in range(50)]
    docs += [_doc(100, ["NAME", "PHONE"]), _doc(101, ["DEGREE"]), _doc(102, ["DEGREE"])]
    for seed in range(20):
        splits = split_documents(docs, 0.8, 0.1, 0.1, seed=seed)
        for part, expected in [(splits.validation, 5), (splits.test, 5)]:
            counts = Counter(frozenset(doc.labels) for doc in part)
            assert counts[frozenset({"NAME"})] in {expected - 1, expected, expected + 1}
            assert counts[frozenset({"SKILL"})] in {expected - 1, expected, expected + 1}
        train_labels = set().union(*(doc.labels for doc in splits.train))
        assert {"PHONE", "DEGREE"} <= train_labels


def test_rare_label_reaches_train_even_when_dealt_elsewhere() -> None:
    # Ten documents, each with its own label: every one is in the pooled rare group.
    docs = [_doc(i, [f"L{i}", "NAME"]) for i in range(10)] + [_doc(10 + i, []) for i in range(10)]
    splits = split_documents(docs, 0.5, 0.25, 0.25, seed=3)
    train_labels = set().union(*(doc.labels for doc in splits.train))
    assert {f"L{i}" for i in range(10)} <= train_labels
    assert (len(splits.train), len(splits.validation), len(splits.test)) == (10, 5, 5)


def test_tiny_corpora_still_fill_every_split() -> None:
    docs = [_doc(i, ["NAME"]) for i in range(3)]
    splits = split_documents(docs, 0.8, 0.1, 0.1, seed=0)
    assert [len(part) for part in splits.as_dict().values()] == [1, 1, 1]
    no_test = split_documents(docs[:2], 0.9, 0.1, 0.0, seed=0)
    assert [len(part) for part in no_test.as_dict().values()] == [1, 1, 0]


def test_split_errors_name_the_counts() -> None:
    docs = [_doc(i, ["NAME"]) for i in range(2)]
    with pytest.raises(
        ValueError,
        match=re.escape(
            "cannot split 2 documents into train/validation/test = 0.8/0.1/0.1: each of the 3 "
            "splits with a positive fraction needs at least one document, so at least 3 documents"
        ),
    ):
        split_documents(docs, 0.8, 0.1, 0.1, seed=0)
    with pytest.raises(ValueError, match=r"got 0.8/0.1/0.2 \(sum 1.1\)"):
        split_documents(docs, 0.8, 0.1, 0.2, seed=0)
    with pytest.raises(ValueError, match="train > 0"):
        split_documents(docs, 0.0, 0.5, 0.5, seed=0)
    with pytest.raises(ValueError, match=r"duplicate document ids: \['doc-000'\]"):
        split_documents([*docs, docs[0], _doc(7, [])], 0.5, 0.5, 0.0, seed=0)


# ---------------------------------------------------------------- k-fold


@pytest.mark.parametrize(("k", "stratify"), [(5, True), (3, False), (7, True)])
def test_kfold_validates_every_document_exactly_once(k: int, stratify: bool) -> None:
    docs = _corpus(53)
    folds = kfold_documents(docs, k, seed=2, stratify=stratify)
    assert [fold.index for fold in folds] == list(range(k))
    seen = Counter(doc.id for fold in folds for doc in fold.validation)
    assert set(seen) == _ids(docs) and set(seen.values()) == {1}
    sizes = [len(fold.validation) for fold in folds]
    assert max(sizes) - min(sizes) <= 1
    for fold in folds:
        assert not _ids(fold.train) & _ids(fold.validation)
        assert _ids(fold.train) | _ids(fold.validation) == _ids(docs)
    assert [f.validation for f in folds] == [
        f.validation for f in kfold_documents(docs, k, seed=2, stratify=stratify)
    ]


def test_kfold_stratifies_label_sets() -> None:
    docs = [_doc(i, ["NAME"]) for i in range(20)] + [_doc(20 + i, ["SKILL"]) for i in range(10)]
    for fold in kfold_documents(docs, 5, seed=9):
        counts = Counter(frozenset(doc.labels) for doc in fold.validation)
        assert counts == {frozenset({"NAME"}): 4, frozenset({"SKILL"}): 2}


def test_kfold_errors() -> None:
    docs = [_doc(i, ["NAME"]) for i in range(5)]
    with pytest.raises(ValueError, match="k=6 folds need at least 6 documents, got 5"):
        kfold_documents(docs, 6, seed=0)
    with pytest.raises(ValueError, match="k must be at least 2, got 1"):
        kfold_documents(docs, 1, seed=0)


# ---------------------------------------------------------------- files


def test_write_and_read_splits_round_trip(tmp_path: Path) -> None:
    docs = _corpus(30)
    splits = split_documents(docs, 0.6, 0.2, 0.2, seed=4)
    paths = write_splits(splits, tmp_path / "splits")
    assert set(paths) == {"train", "validation", "test", "splits"}
    assert paths["splits"].name == SPLITS_FILE
    assert json.loads(paths["splits"].read_text()) == splits.ids()
    for name, part in splits.as_dict().items():
        assert paths[name] == tmp_path / "splits" / f"{name}.jsonl"
        back = read_split(paths[name])
        assert back == list(part)
        assert [dict(doc.meta) for doc in back] == [dict(doc.meta) for doc in part]
    first = json.loads(paths["train"].read_text().splitlines()[0])
    assert set(first) == {"id", "text", "annotations", "meta"}
    assert first["annotations"] == [[s.start, s.end, s.label] for s in splits.train[0].spans]
    assert sorted(p.name for p in (tmp_path / "splits").iterdir()) == sorted(
        ["train.jsonl", "validation.jsonl", "test.jsonl", SPLITS_FILE]
    )


def test_write_splits_rejects_meta_that_is_not_json(tmp_path: Path) -> None:
    bad = Document("bad", "text", (), {"when": object()})
    splits = Splits((bad,), (), ())
    with pytest.raises(ValueError, match="document 'bad': meta is not JSON-serialisable"):
        write_splits(splits, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "text": "abc"}', "{oops"], r"train.jsonl:2: invalid JSON"),
        (['{"text": "abc"}'], r"train.jsonl:1: 'id' must be str, got NoneType"),
        (['{"id": "a", "text": 5}'], r"train.jsonl:1: document 'a': 'text' must be str, got int"),
        (
            ['{"id": "a", "text": "abc", "annotations": [[0, 9, "X"]]}'],
            r"train.jsonl:1: document 'a': annotations\[0\] \[0, 9\) is outside the text",
        ),
        (
            ['{"id": "a", "text": "abc", "annotations": [[0, 2]]}'],
            r"train.jsonl:1: document 'a': annotations\[0\] must be \[start, end, label\]",
        ),
        (["[1, 2]"], r"train.jsonl:1: expected a JSON object, got list"),
        (
            ['{"id": "a", "text": "x"}', "", '{"id": "a", "text": "y"}'],
            r"train.jsonl:3: duplicate id 'a' \(first on line 1\)",
        ),
    ],
)
def test_read_split_errors_name_file_and_line(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=message):
        read_split(path)


def test_read_split_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=re.escape("nothing.jsonl: no such file")):
        read_split(tmp_path / "nothing.jsonl")
