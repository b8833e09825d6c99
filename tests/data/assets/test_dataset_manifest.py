"""Dataset manifest: counts on a crafted dataset, fingerprints, save/load, clear errors, table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError, hash_file
from resume_ner.data.assets import DatasetManifest, build_manifest, manifest_table
from resume_ner.data.datasets import bundled_path, write_documents_gz
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import Splits, ValidationReport
from resume_ner.infrastructure.fingerprints import data_fp

LABELS = ("NAME", "EMAIL", "SKILLS")


def _doc(doc_id: str, text: str, *spans: tuple[str, str]) -> Document:
    found = []
    for value, label in spans:
        start = text.index(value)
        found.append(Span(start, start + len(value), label))
    return Document(doc_id, text, tuple(found))


TRAIN = [
    _doc("t1", "Ada Lovelace ada@x.org Python SQL", ("Ada Lovelace", "NAME"),
         ("ada@x.org", "EMAIL"), ("Python", "SKILLS"), ("SQL", "SKILLS")),
    _doc("t2", "Alan Turing", ("Alan Turing", "NAME")),
]  # fmt: skip
VALIDATION = [_doc("v1", "Grace Hopper knows COBOL", ("Grace Hopper", "NAME"), ("COBOL", "SKILLS"))]
TEST = [_doc("x1", "nothing here at all")]


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    return write_documents_gz(tmp_path / "src" / "tiny.jsonl.gz", [*TRAIN, *VALIDATION, *TEST])


def _manifest(source: Path, **kwargs: object) -> DatasetManifest:
    splits = Splits(tuple(TRAIN), tuple(VALIDATION), tuple(TEST))
    defaults: dict[str, object] = {"labels": LABELS, "created_at": "2024-01-01T00:00:00+00:00"}
    return build_manifest("tiny", splits, [source], **{**defaults, **kwargs})  # type: ignore[arg-type]


def test_counts_per_split_and_label(source: Path) -> None:
    manifest = _manifest(source, token_counts={"train": [12, 4]})
    train, validation, test = (manifest.splits[name] for name in ("train", "validation", "test"))
    assert (train.documents, train.spans) == (2, 5)
    assert dict(train.spans_per_label) == {"NAME": 2, "EMAIL": 1, "SKILLS": 2}
    assert dict(train.documents_per_label) == {"NAME": 2, "EMAIL": 1, "SKILLS": 1}
    assert dict(validation.spans_per_label) == {"NAME": 1, "EMAIL": 0, "SKILLS": 1}
    assert (test.documents, test.spans, dict(test.spans_per_label)) == (
        1, 0, {"NAME": 0, "EMAIL": 0, "SKILLS": 0},
    )  # fmt: skip
    assert train.chars_max == len(TRAIN[0].text) == 33
    assert train.chars_mean == (33 + 11) / 2
    assert (train.words_mean, train.words_max) == (3.5, 5)
    assert (train.tokens_mean, train.tokens_max) == (8.0, 12)
    assert validation.tokens_mean is None
    assert manifest.documents == 4
    assert manifest.labels == LABELS


def test_fingerprint_and_sources(source: Path) -> None:
    manifest = _manifest(source)
    assert manifest.data_fp == data_fp([source]).value
    assert manifest.data8 == manifest.data_fp[:8]
    (entry,) = manifest.sources
    assert entry.sha256 == hash_file(source)
    assert entry.size == source.stat().st_size
    assert entry.path == str(source.resolve())
    later = _manifest(source, created_at="2025-06-01T12:00:00+00:00")
    assert later.fingerprint() == manifest.fingerprint()
    assert _manifest(source, settings={"seed": 1}).fingerprint() != manifest.fingerprint()


def test_moving_the_data_keeps_data_fp_and_fingerprint(source: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / source.name
    moved.parent.mkdir()
    moved.write_bytes(source.read_bytes())
    assert _manifest(moved).data_fp == _manifest(source).data_fp
    assert _manifest(moved).fingerprint() == _manifest(source).fingerprint()
    moved.write_bytes(source.read_bytes() + b"\n")
    assert _manifest(moved).data_fp != _manifest(source).data_fp


def test_validation_report_and_unsplit_documents(source: Path) -> None:
    report = ValidationReport()
    report.drop_upstream_document("duplicate_document", TEST[0])
    manifest = build_manifest("tiny", [*TRAIN, *TEST], [source], validation=report)
    assert list(manifest.splits) == ["all"]
    assert manifest.validation["counts"] == {"duplicate_document": 1}
    assert manifest.labels == ("EMAIL", "NAME", "SKILLS")
    assert manifest.created_at.endswith("+00:00")


def test_save_load_round_trip(source: Path, tmp_path: Path) -> None:
    manifest = _manifest(source, validation=ValidationReport(), settings={"seed": 42})
    path = manifest.save(tmp_path / "prepared")
    assert path.name == files.MANIFEST_FILE
    loaded = DatasetManifest.load(tmp_path / "prepared")
    assert loaded == manifest
    assert list(loaded.splits) == ["train", "validation", "test"]
    assert loaded.fingerprint() == manifest.fingerprint()
    assert DatasetManifest.load(path).to_dict() == manifest.to_dict()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("data_fp"), "manifest: missing field 'data_fp'"),
        (
            lambda d: d["splits"]["train"].pop("documents"),
            "splits.train: missing field 'documents'",
        ),
        (lambda d: d["splits"].update(test=[]), "splits.test: expected a JSON object, got list"),
        (
            lambda d: d["splits"]["train"].update(spans="5"),
            "splits.train: malformed ('spans' must be an integer",
        ),
        (lambda d: d["sources"][0].pop("sha256"), "sources[0]: missing field 'sha256'"),
        (lambda d: d.update(format="other/9"), "format: unsupported 'other/9'"),
        (lambda d: d.update(labels="NAME"), "labels: expected a list of label names"),
    ],
)
def test_load_names_file_and_field(source: Path, tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    path = _manifest(source).save(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        DatasetManifest.load(tmp_path)
    assert str(info.value).startswith(f"{path}: not a dataset manifest: {message}")


def test_missing_source_and_no_source(tmp_path: Path) -> None:
    with pytest.raises(
        FileNotFoundError, match=r"dataset source .*missing\.jsonl.* does not exist"
    ):
        build_manifest("tiny", TRAIN, [tmp_path / "missing.jsonl"])
    with pytest.raises(ValueError, match="needs at least one source"):
        build_manifest("tiny", TRAIN, [])


def test_folder_and_bundled_sources(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    write_documents_gz(folder / "a.jsonl.gz", TRAIN)
    (folder / ".hidden").write_text("x", encoding="utf-8")
    manifest = build_manifest("mix", TRAIN, [folder, bundled_path("demo")])
    first, second = manifest.sources
    assert (first.files, first.name) == (1, str(folder))
    assert second.path.endswith("demo.jsonl.gz")


def test_table_lists_splits_labels_and_sizes(source: Path) -> None:
    from rich.console import Console

    table = manifest_table(
        _manifest(source, token_counts={"train": [12, 4], "validation": [5], "test": [3]})
    )
    console = Console(width=120, record=True)
    console.print(table)
    out = console.export_text()
    assert "Dataset tiny (data_fp " in out
    assert [c.header for c in table.columns] == ["", "train", "validation", "test", "total"]
    row = next(line for line in out.splitlines() if "SKILLS" in line)
    assert row.split() == ["│", "SKILLS", "│", "2", "│", "1", "│", "0", "│", "3", "│"]
    assert "22 / 33" in out
    assert "tokens mean / max" in out
