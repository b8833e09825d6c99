"""Format detection from content, dispatch, user-registered loaders and conversion."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_ner.data.loaders import (
    DataFormatError,
    Document,
    Peek,
    Span,
    convert,
    detect_format,
    load_documents,
    read_conll,
    read_native,
    register_loader,
)
from resume_ner.data.loaders import registry as registry_module

SAMPLES: dict[str, str] = {
    "native": json.dumps([{"text": "Jane", "annotations": [[0, 4, "NAME"]]}]),
    "native_jsonl": json.dumps({"text": "Jane", "annotations": []}) + "\n",
    "dataturks": json.dumps({"content": "Jane", "annotation": None}) + "\n",
    "doccano": json.dumps({"id": 1, "text": "Jane", "label": [[0, 4, "NAME"]]}) + "\n",
    "doccano_entities": json.dumps({"text": "Jane", "entities": []}) + "\n",
    "label_studio": json.dumps([{"id": 1, "data": {"text": "Jane"}, "annotations": []}], indent=2),
    "conll": "-DOCSTART- O\n\nJane B-NAME\n",
    "conll_plain": "Jane\tB-NAME\nDoe\tI-NAME\n",
}


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = dict(registry_module._REGISTRY)
    yield
    registry_module._REGISTRY.clear()
    registry_module._REGISTRY.update(saved)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_detects_every_format_from_content_not_extension(tmp_path: Path, sample: str) -> None:
    path = tmp_path / "data.txt"  # misleading suffix on purpose
    path.write_text(SAMPLES[sample], encoding="utf-8")
    expected = "label_studio" if sample == "label_studio" else sample.split("_", maxsplit=1)[0]
    assert detect_format(path) == expected
    assert load_documents(path)[0].text.startswith("Jane")


def test_detects_gzipped_files(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress(SAMPLES["native_jsonl"].encode("utf-8")))
    assert detect_format(path) == "native"
    assert load_documents(path)[0].text == "Jane"


def test_unrecognised_and_empty_files(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(json.dumps({"body": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(
        DataFormatError,
        match=r"unknown\.jsonl: unrecognised annotation format \(a record with keys \['body'\]\)",
    ):
        detect_format(unknown)
    empty = tmp_path / "empty.json"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"empty\.json: is empty"):
        load_documents(empty)
    with pytest.raises(FileNotFoundError, match=r"missing\.json: no such file"):
        load_documents(tmp_path / "missing.json")
    with pytest.raises(ValueError, match=r"unknown annotation format 'yaml'; known: \['native'"):
        load_documents(unknown, "yaml")


def test_user_loader_is_detected_before_builtins(tmp_path: Path, restore_registry: None) -> None:
    def read_lines(path: Path) -> list[Document]:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        return [
            Document(str(i), line, (Span(0, len(line), "LINE"),)) for i, line in enumerate(lines)
        ]

    def detect(sample: Peek) -> bool:
        return sample.head.startswith("#lines")

    register_loader("lines", read_lines, detect)
    path = tmp_path / "x.txt"
    path.write_text("#lines\nfirst\nsecond\n", encoding="utf-8")
    assert detect_format(path) == "lines"
    assert [d.text for d in load_documents(path)] == ["first", "second"]
    with pytest.raises(ValueError, match="identifier"):
        register_loader("bad name", read_lines)


def test_convert_between_formats(tmp_path: Path) -> None:
    source = tmp_path / "doccano.jsonl"
    source.write_text(
        json.dumps(
            {"id": "r1", "text": "Jane Doe\nAcme", "label": [[0, 8, "NAME"], [9, 13, "COMPANY"]]}
        )
        + "\n",
        encoding="utf-8",
    )
    assert convert(source, tmp_path / "out.json") == 1
    (native,) = read_native(tmp_path / "out.json")
    assert (native.id, native.spans) == ("r1", (Span(0, 8, "NAME"), Span(9, 13, "COMPANY")))
    assert convert(tmp_path / "out.json", tmp_path / "out.conll") == 1
    (conll,) = read_conll(tmp_path / "out.conll")
    assert (conll.text, conll.spans) == (native.text, native.spans)
    with pytest.raises(ValueError, match=r"out\.xyz: cannot infer the output format"):
        convert(source, tmp_path / "out.xyz")
    with pytest.raises(ValueError, match="cannot write format 'doccano'"):
        convert(source, tmp_path / "out.json", dst_format="doccano")
