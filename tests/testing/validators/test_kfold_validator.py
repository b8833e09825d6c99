"""The k-fold validator: partition, fold sizes and per-fold label coverage."""

from __future__ import annotations

import pytest

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing.splits import Fold
from resume_ner.testing.checks import CheckStatus
from resume_ner.testing.fixtures import tiny_documents
from resume_ner.testing.validators import kfold as kfold_module
from resume_ner.testing.validators.kfold import validate_kfold


def _doc(doc_id: str, *labels: str) -> Document:
    text = " ".join(f"w{i}" for i in range(len(labels) + 1))
    return Document(
        doc_id, text, tuple(Span(3 * i, 3 * i + 2, lab) for i, lab in enumerate(labels))
    )


def test_folds_of_a_clean_dataset_pass() -> None:
    results = validate_kfold(tiny_documents(12), k=3, seed=42)
    assert [(r.name, r.status) for r in results] == [
        ("kfold.partition", CheckStatus.PASS),
        ("kfold.sizes", CheckStatus.PASS),
        ("kfold.labels", CheckStatus.PASS),
    ]
    assert results[0].message == "each of 12 documents is validated exactly once over 3 folds"
    assert results[1].message == "validation sizes [4, 4, 4]"


def test_a_label_in_one_document_is_reported_per_fold() -> None:
    docs = [_doc(f"d{i}", "NAME") for i in range(5)] + [_doc("e", "NAME", "EMAIL")]
    results = [r for r in validate_kfold(docs, k=3, seed=0) if r.name == "kfold.labels"]
    assert all(r.status is CheckStatus.WARN for r in results)
    splits = sorted((r.details["fold"], r.details["split"]) for r in results)
    holder = next(fold for fold, split in splits if split == "train")
    assert splits == sorted(
        [(holder, "train")] + [(f, "validation") for f in range(3) if f != holder]
    )
    assert f"fold {holder}: train set has no EMAIL" in [r.message for r in results]


def test_impossible_folds_fail_with_the_reason() -> None:
    docs = [_doc("a", "NAME"), _doc("b", "NAME")]
    assert [r.message for r in validate_kfold(docs, k=3, seed=0)] == [
        "cannot build 3 folds: k=3 folds need at least 3 documents, got 2"
    ]
    twins = [_doc("a", "NAME"), _doc("a", "NAME"), _doc("b", "NAME")]
    message = validate_kfold(twins, k=2, seed=0)[0].message
    assert message == "cannot build 2 folds: duplicate document ids: ['a']"


def test_broken_folds_are_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [_doc(f"d{i}", "NAME") for i in range(4)]

    def broken(documents: list[Document], k: int, seed: int, stratify: bool = True) -> list[Fold]:
        d0, d1, d2, d3 = documents
        return [Fold(0, (d3,), (d0, d1, d2)), Fold(1, (d0, d1, d2), (d1,))]

    monkeypatch.setattr(kfold_module, "kfold_documents", broken)
    results = validate_kfold(docs, k=2, seed=0)
    assert results[0].status is CheckStatus.FAIL
    assert results[0].message == (
        "1 document(s) never validated, e.g. ['d3']; 1 document(s) validated twice, "
        "e.g. ['d1']; fold(s) [1] do not split the documents into train + validation"
    )
    assert results[1].status is CheckStatus.WARN
    assert results[1].message == "validation sizes differ by more than one: [3, 1]"
