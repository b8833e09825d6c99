"""The shared development data: the DataTurks export and the reference span-list sample."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from resume_ner.data.loaders import detect_format, load_documents, read_native, write_native
from resume_ner.data.processing.labels import CANONICAL_LABELS, build_label_map, map_labels
from resume_ner.data.processing.validation import validate_documents


@pytest.fixture(scope="module")
def dataturks_file(shared_data: Path) -> Path:
    return shared_data / "dataturks" / "traindata.jsonl"


def test_dataturks_loads_every_resume_with_spans_matching_quoted_text(dataturks_file: Path) -> None:
    assert detect_format(dataturks_file) == "dataturks"
    documents = load_documents(dataturks_file)
    lines = [
        line for line in dataturks_file.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(documents) == len(lines)
    assert len({d.id for d in documents}) == len(documents)
    notes = [d.meta.get("loader_notes", {}) for d in documents]
    assert sum(n.get("html_unescaped", 0) for n in notes) > 0
    assert sum(n.get("point_text_mismatch", 0) for n in notes) == 0
    assert all(
        "&amp;" not in d.text
        for d in documents
        if "html_unescaped" in d.meta.get("loader_notes", {})
    )


def test_dataturks_validation_counts_its_known_quirks_quickly(dataturks_file: Path) -> None:
    started = time.perf_counter()
    documents = load_documents(dataturks_file)
    mapped, changes = map_labels(documents, build_label_map("dataturks"))
    valid, report = validate_documents(mapped, CANONICAL_LABELS)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"loading + validating took {elapsed:.2f} s"
    assert changes[("UNKNOWN", None)] > 0
    assert report.counts["whitespace_trimmed"] > 0
    assert report.counts["overlap_resolved"] > 0
    assert report.documents_in == len(documents)
    assert report.documents_out == len(valid) > 0.95 * len(documents)
    assert report.loader_notes["html_unescaped"] > 0
    for document in valid:
        assert document.labels <= set(CANONICAL_LABELS)
        for span in document.spans:
            covered = span.text_in(document.text)
            assert covered == covered.strip() and covered
        ordered = sorted(document.spans)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_validated_dataturks_round_trips_through_native(
    dataturks_file: Path, tmp_path: Path, suffix: str
) -> None:
    mapped, _ = map_labels(load_documents(dataturks_file), build_label_map("dataturks"))
    valid, _ = validate_documents(mapped, CANONICAL_LABELS)
    path = write_native(valid, tmp_path / f"dataturks{suffix}")
    assert detect_format(path) == "native"
    assert read_native(path) == valid


def test_reference_sample_loads_and_maps_person_to_name(shared_data: Path) -> None:
    path = shared_data / "reference-format" / "sample.json"
    assert detect_format(path) == "native"
    documents = load_documents(path)
    assert len(documents) == 5
    reference_labels = {
        "PERSON",
        "EMAIL",
        "LOCATION",
        "DESIGNATION",
        "COMPANY",
        "EDUCATION",
        "SKILL",
    }
    assert all(d.spans and d.labels <= reference_labels for d in documents)
    mapped, changes = map_labels(documents, build_label_map("reference"))
    assert changes[("PERSON", "NAME")] > 0
    assert all(label in CANONICAL_LABELS for d in mapped for label in d.labels)
    names = {span.text_in(d.text) for d in mapped for span in d.spans if span.label == "NAME"}
    assert "Abhishek Jha" in names
