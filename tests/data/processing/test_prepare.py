"""From a DataConfig to validated documents: sources, label maps, combining, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.data.loaders import DataFormatError, Span
from resume_ner.data.processing.prepare import prepare_documents, source_files
from resume_ner.data.processing.validation import DataValidationError
from resume_ner.infrastructure.config.sections.data import DataConfig

NATIVE = [
    {"id": "n1", "text": "Jane Doe, Python", "annotations": [[0, 8, "PERSON"], [10, 16, "SKILL"]]},
    {"id": "n2", "text": "Bob Lee ", "annotations": [[0, 8, "PERSON"]]},
]
DATATURKS = [
    {
        "content": "Jane Doe, Python",
        "annotation": [{"label": ["Name"], "points": [{"start": 0, "end": 7}]}],
    },
    {
        "content": "Ann Roe at Acme",
        "annotation": [
            {"label": ["Name"], "points": [{"start": 0, "end": 6}]},
            {"label": ["Companies worked at", "UNKNOWN"], "points": [{"start": 11, "end": 14}]},
            {"label": ["Hobby"], "points": [{"start": 4, "end": 6}]},
        ],
    },
    {"content": "no annotation", "annotation": None},
]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "native.json").write_text(json.dumps(NATIVE), encoding="utf-8")
    (data / "dt.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in DATATURKS), encoding="utf-8"
    )
    return tmp_path


def _config(**overrides: object) -> DataConfig:
    base: dict[str, object] = {
        "sources": [
            {"path": "data/native.json", "format": "auto", "label_map": {"SKILL": "SKILLS"}},
            {"path": "data/dt.jsonl", "format": "dataturks"},
        ],
        "label_preset": "canonical",
    }
    return DataConfig.model_validate({**base, **overrides})


def test_prepares_sources_in_order_with_maps_combine_and_validation(sources: Path) -> None:
    prepared = prepare_documents(_config(label_map={"Hobby": None}), sources)
    texts = [d.text for d in prepared.documents]
    assert texts == ["Jane Doe, Python", "Bob Lee ", "Ann Roe at Acme"]
    first, second, third = prepared.documents
    assert first.spans == (Span(0, 8, "NAME"), Span(10, 16, "SKILLS"))
    assert first.meta["sources"] == ["data/native.json", "data/dt.jsonl"]
    assert second.spans == (Span(0, 7, "NAME"),)  # trimmed
    assert third.spans == (Span(0, 7, "NAME"), Span(11, 15, "COMPANY"))
    report = prepared.report
    assert report.documents_in == 5
    assert report.documents_out == 3
    assert report.counts["duplicate_document"] == 1
    assert report.counts["unannotated_document"] == 1
    assert report.counts["label_dropped_by_map"] == 2  # UNKNOWN and Hobby
    assert report.counts["whitespace_trimmed"] == 1
    assert report.label_mapping["SKILL -> SKILLS"] == 1
    assert report.label_mapping["PERSON -> NAME"] == 2
    assert report.label_mapping["UNKNOWN -> (dropped)"] == 1
    assert report.spans_in == 2 + 1 + 1 + 4
    assert report.spans_in == (
        report.spans_out + report.spans_dropped + report.spans_in_dropped_documents
    )
    native, dataturks = prepared.sources
    assert (native.path, native.format, native.n_docs) == ("data/native.json", "native", 2)
    assert native.resolved == str(sources / "data" / "native.json")
    assert (dataturks.format, dataturks.n_docs) == ("dataturks", 3)


def test_policies_come_from_the_config(sources: Path) -> None:
    with pytest.raises(DataValidationError, match="has label 'Hobby', not in the label schema"):
        prepare_documents(_config(unknown_labels="error"), sources)
    prepared = prepare_documents(_config(labels=["NAME"], dedupe=False), sources)
    assert prepared.report.counts["unknown_label"] == 3  # SKILLS, COMPANY, Hobby
    assert "duplicate_document" not in prepared.report.counts
    assert len(prepared.documents) == 4


def test_missing_source_names_the_config_key(sources: Path) -> None:
    config = _config(sources=[{"path": "data/native.json"}, {"path": "data/missing.jsonl"}])
    with pytest.raises(FileNotFoundError) as info:
        prepare_documents(config, sources)
    message = str(info.value)
    assert message.startswith("data.sources[1].path: 'data/missing.jsonl' does not exist")
    assert str(sources / "data" / "missing.jsonl") in message


def test_malformed_source_names_file_and_line(sources: Path) -> None:
    (sources / "data" / "dt.jsonl").write_text(
        '{"content": 3, "annotation": []}\n', encoding="utf-8"
    )
    with pytest.raises(DataFormatError, match=r"dt\.jsonl:1: field 'content': expected a string"):
        prepare_documents(_config(), sources)


def test_folder_source_reads_every_file(sources: Path) -> None:
    (sources / "data" / ".hidden.json").write_text("not json", encoding="utf-8")
    prepared = prepare_documents(_config(sources=[{"path": str(sources / "data")}]), Path("/"))
    (info,) = prepared.sources
    assert (info.format, info.n_docs) == ("mixed", 5)
    data = sources / "data"
    assert source_files(data) == [data / "dt.jsonl", data / "native.json"]


def test_bundled_demo_source() -> None:
    pytest.importorskip("resume_ner.data.datasets.bundled", reason="bundled datasets not present")
    prepared = prepare_documents(DataConfig(), Path("/nonexistent"))
    (info,) = prepared.sources
    assert info.path == "bundled:demo"
    assert info.n_docs == len(prepared.documents) > 0
    assert prepared.report.documents_in == info.n_docs
    with pytest.raises(FileNotFoundError, match=r"data\.sources\[0\]\.path: 'bundled:nope': "):
        prepare_documents(DataConfig(sources=[{"path": "bundled:nope"}]), Path("."))


def test_real_dataturks_through_the_config(shared_data: Path) -> None:
    config = DataConfig(sources=[{"path": "dataturks/traindata.jsonl"}], label_preset="dataturks")
    prepared = prepare_documents(config, shared_data)
    report = prepared.report
    assert report.documents_in == 200
    assert report.label_mapping["UNKNOWN -> (dropped)"] > 0
    assert report.counts["label_dropped_by_map"] > 0
    assert report.counts["whitespace_trimmed"] > 0
    assert report.counts["overlap_resolved"] > 0
    assert prepared.sources[0].format == "dataturks"
