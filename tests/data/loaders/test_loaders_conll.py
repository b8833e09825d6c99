"""CoNLL BIO reader and writer: exact spans, IOB1 leniency, documents, round trips, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_ner.data.loaders import (
    ConllAlignmentError,
    DataFormatError,
    Document,
    Span,
    read_conll,
    write_conll,
)

DOCSTART_FILE = """-DOCSTART- -X- -X- O

Jane\tB-NAME
Doe\tI-NAME
works\tO

at\tO
Acme\tB-COMPANY
Corp\tI-COMPANY

-DOCSTART- O

Pune B-LOCATION
"""


def test_rebuilds_text_and_exact_spans(tmp_path: Path) -> None:
    path = tmp_path / "data.conll"
    path.write_text(DOCSTART_FILE, encoding="utf-8")
    first, second = read_conll(path)
    assert first.text == "Jane Doe works\nat Acme Corp"
    assert [s.text_in(first.text) for s in first.spans] == ["Jane Doe", "Acme Corp"]
    assert first.spans == (Span(0, 8, "NAME"), Span(18, 27, "COMPANY"))
    assert first.meta["line"] == 3
    assert second.text == "Pune"
    assert second.spans == (Span(0, 4, "LOCATION"),)
    assert (first.meta["record"], second.meta["record"]) == (0, 1)


def test_blank_lines_separate_documents_without_docstart(tmp_path: Path) -> None:
    path = tmp_path / "plain.bio"
    path.write_text("a O\nb B-X\n\n\nc I-X\nd I-X\n", encoding="utf-8")
    first, second = read_conll(path)
    assert (first.text, first.spans) == ("a b", (Span(2, 3, "X"),))
    assert (second.text, second.spans) == ("c d", (Span(0, 3, "X"),))
    assert second.meta["loader_notes"] == {"entity_started_with_i": 1}


def test_iob1_and_bioes_are_read_leniently(tmp_path: Path) -> None:
    path = tmp_path / "iob1.conll"
    path.write_text(
        "New I-LOC\nYork I-LOC\nand O\nBoston I-LOC\nB B-ORG\nI I-PER\n"
        "x S-X\ny B-Y\nz E-Y\nw I-Y\n",
        encoding="utf-8",
    )
    (document,) = read_conll(path)
    assert [(s.label, s.text_in(document.text)) for s in document.spans] == [
        ("LOC", "New York"),
        ("LOC", "Boston"),
        ("ORG", "B"),
        ("PER", "I"),
        ("X", "x"),
        ("Y", "y z"),
        ("Y", "w"),
    ]
    assert document.meta["loader_notes"] == {"entity_started_with_i": 4}


def test_entities_do_not_cross_sentences(tmp_path: Path) -> None:
    path = tmp_path / "s.conll"
    path.write_text("-DOCSTART- O\n\na B-X\n\nb I-X\n", encoding="utf-8")
    (document,) = read_conll(path)
    assert document.spans == (Span(0, 1, "X"), Span(2, 3, "X"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Jane\tNAME", "expected O, B-LABEL or I-LABEL, got 'NAME'"),
        ("Jane", "expected 'token<TAB>tag'"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(f"a\tO\nb\tO\n{line}\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_conll(path)
    assert str(info.value).startswith(f"{path}:3: field 'tag': ")
    assert message in str(info.value)


def test_round_trip_of_aligned_spans(tmp_path: Path) -> None:
    documents = [
        Document(
            "a", "Jane Doe works\nat Acme Corp", (Span(0, 8, "NAME"), Span(18, 27, "COMPANY"))
        ),
        Document(
            "b",
            "Skills: Python , SQL",
            (Span(8, 14, "Companies worked at"), Span(17, 20, "SKILLS")),
        ),
    ]
    path = tmp_path / "out.conll"
    assert write_conll(documents, path) == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART-\tO\n\nJane\tB-NAME\nDoe\tI-NAME\nworks\tO\n\nat\tO\n")
    back = read_conll(path)
    assert [(d.text, d.spans) for d in back] == [(d.text, d.spans) for d in documents]


def test_reader_output_round_trips_exactly(tmp_path: Path) -> None:
    source = tmp_path / "in.conll"
    source.write_text(DOCSTART_FILE, encoding="utf-8")
    documents = read_conll(source)
    write_conll(documents, tmp_path / "again.conll")
    assert read_conll(tmp_path / "again.conll") == documents


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (
            Document("d", "Jane Doe", (Span(0, 3, "NAME"),)),
            "do not fall on whitespace token boundaries",
        ),
        (Document("d", "Jane\nDoe", (Span(0, 8, "NAME"),)), "crosses a line break"),
        (Document("d", "Jane Doe", (Span(0, 8, "NAME"), Span(5, 8, "X"))), "overlaps another span"),
        (Document("d", "Jane Doe", (Span(0, 4, "A\tB"),)), "label contains a tab"),
    ],
)
def test_misaligned_spans_raise(tmp_path: Path, document: Document, reason: str) -> None:
    path = tmp_path / "out.conll"
    with pytest.raises(ConllAlignmentError) as info:
        write_conll([document], path)
    assert "document 'd': span [" in str(info.value)
    assert reason in str(info.value)
    assert not path.exists()
