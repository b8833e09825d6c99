"""Synthetic resumes: deterministic, exact spans, every label, varied layouts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from resume_ner.data.datasets.synthetic import generate_resumes
from resume_ner.data.datasets.synthetic.writer import SpanWriter, entity, plain
from resume_ner.data.loaders.document import Document


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return generate_resumes(50, seed=11)


def test_same_seed_gives_identical_documents_and_prefixes(docs: list[Document]) -> None:
    again = generate_resumes(50, seed=11)
    assert [(d.id, d.text, d.spans, dict(d.meta)) for d in again] == [
        (d.id, d.text, d.spans, dict(d.meta)) for d in docs
    ]
    assert generate_resumes(5, seed=11) == docs[:5]
    assert docs[0].id == "synthetic-11-00000"


def test_different_seeds_differ(docs: list[Document]) -> None:
    other = generate_resumes(50, seed=12)
    assert all(a.text != b.text for a, b in zip(docs, other, strict=True))


def test_every_canonical_label_appears(docs: list[Document]) -> None:
    from resume_ner.data.processing.labels import CANONICAL_LABELS

    seen = Counter(span.label for doc in docs for span in doc.spans)
    assert set(seen) == set(CANONICAL_LABELS)
    # The contact fields and the name are in every resume.
    for label in ("NAME", "EMAIL", "PHONE", "LOCATION", "YEARS_OF_EXPERIENCE"):
        assert all(label in doc.labels for doc in docs), label


def test_spans_are_trimmed_non_empty_and_never_overlap(docs: list[Document]) -> None:
    for doc in docs:
        for span in doc.spans:
            covered = doc.text[span.start : span.end]
            assert covered, (doc.id, span)
            assert covered == covered.strip(), (doc.id, span, covered)
            assert "\n" not in covered, (doc.id, span)
        for left, right in zip(doc.spans, doc.spans[1:], strict=False):
            assert left.end <= right.start, (doc.id, left, right)


def test_spans_cover_the_intended_values(docs: list[Document]) -> None:
    patterns = {
        "EMAIL": r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+",
        "PHONE": r"[+(]?[0-9][0-9 ()+.\-]*[0-9]",
        "GRADUATION_YEAR": r"(19|20)[0-9]{2}",
        "YEARS_OF_EXPERIENCE": r"([0-9]+\+?|one|two|three|four|five|six|seven|eight|nine|ten) "
        r"(years?|yrs)",
    }
    for doc in docs:
        for span in doc.spans:
            covered = doc.text[span.start : span.end]
            if span.label in patterns:
                assert re.fullmatch(patterns[span.label], covered), (span.label, covered)
        name = next(s for s in doc.spans if s.label == "NAME")
        assert doc.text.lstrip().startswith(doc.text[name.start : name.end])


def test_writer_records_the_exact_offsets_of_labelled_pieces() -> None:
    writer = SpanWriter()
    writer.write_line((plain("Name: "), entity("Ada Lovelace", "NAME")))
    writer.write_line((entity("ada@example.org", "EMAIL"),))
    assert writer.text == "Name: Ada Lovelace\nada@example.org\n"
    assert [(writer.text[s.start : s.end], s.label) for s in writer.spans] == [
        ("Ada Lovelace", "NAME"),
        ("ada@example.org", "EMAIL"),
    ]
    with pytest.raises(ValueError, match="entity text for NAME must be non-empty and trimmed"):
        entity(" Ada", "NAME")


def test_layouts_vary(docs: list[Document]) -> None:
    def values(key: str) -> set[str]:
        return {str(doc.meta[key]) for doc in docs}

    assert values("layout") == {"one_column", "two_column"}
    assert {"-", "*", "•", "numbered"} <= values("bullet")
    assert values("dates") == {"month", "year", "numeric"}
    assert len({tuple(doc.meta["sections"]) for doc in docs}) >= 10
    assert values("noisy") == {"True", "False"}
    assert values("name_caps") == {"True", "False"}
    texts = "\n".join(doc.text for doc in docs)
    assert re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", texts)
    assert re.search(r"\b\d{2}/\d{4}\b", texts)
    assert re.search(r"\S {3,}\S", texts), "two-column runs of spaces expected"
    assert re.search(r"^(EXPERIENCE|WORK EXPERIENCE|EDUCATION|SKILLS)", texts, re.MULTILINE)


def test_names_are_sometimes_all_caps(docs: list[Document]) -> None:
    names = [doc.text[s.start : s.end] for doc in docs for s in doc.spans if s.label == "NAME"]
    assert any(name.isupper() for name in names)
    assert any(not name.isupper() for name in names)


def test_label_free_distractors_are_present(docs: list[Document]) -> None:
    for doc in docs[:20]:
        covered = sum(span.end - span.start for span in doc.spans)
        assert covered < 0.5 * len(doc.text), doc.id
    texts = "\n".join(doc.text for doc in docs)
    assert "Certifications".upper() in texts.upper()
    assert re.search(r"(Date of Birth|DOB): ", texts)


def test_negative_count_is_rejected() -> None:
    with pytest.raises(ValueError, match="n must be >= 0, got -1"):
        generate_resumes(-1)
    assert generate_resumes(0) == []
