"""Combining datasets: order, de-duplication by text, provenance and unique ids."""

from __future__ import annotations

from resume_ner.data.loaders import Document, Span
from resume_ner.data.processing.combine import combine_with_duplicates, text_hash


def _doc(doc_id: str, text: str, label: str = "NAME") -> Document:
    return Document(doc_id, text, (Span(0, 1, label),), {"source": f"{doc_id}.json"})


def test_concatenates_in_order_and_removes_duplicate_texts() -> None:
    first = [_doc("1", "alpha"), _doc("2", "beta")]
    second = [_doc("x", "beta", "OTHER"), _doc("y", "gamma"), _doc("z", "alpha")]
    combined, duplicates = combine_with_duplicates([("a", first), ("b", second)])
    assert [d.text for d in combined] == ["alpha", "beta", "gamma"]
    assert [d.document.id for d in duplicates] == ["x", "z"]
    assert combined[1].spans == (Span(0, 1, "NAME"),)  # the first one kept
    assert combined[0].meta["sources"] == ["a", "b"]
    assert combined[1].meta["sources"] == ["a", "b"]
    assert combined[2].meta["sources"] == ["b"]
    assert combined[0].meta["source"] == "1.json"


def test_ids_stay_unique_across_datasets() -> None:
    combined, duplicates = combine_with_duplicates(
        [
            ("a", [_doc("1", "one"), _doc("2", "two")]),
            ("b", [_doc("1", "three"), _doc("1", "four")]),
        ]
    )
    assert duplicates == []
    assert [d.id for d in combined] == ["1", "2", "b:1", "b:1-2"]


def test_duplicates_within_one_dataset_and_dedupe_off() -> None:
    named = [("a", [_doc("1", "same"), _doc("2", "same")])]
    combined, duplicates = combine_with_duplicates(named)
    assert len(combined) == 1
    assert [(d.document.id, d.kept_id) for d in duplicates] == [("2", "1")]
    kept_all, none = combine_with_duplicates(named, dedupe=False)
    assert (len(kept_all), none) == (2, [])
    assert [d.meta["sources"] for d in kept_all] == [["a"], ["a"]]


def test_text_hash_is_sha256() -> None:
    assert text_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
