"""PDF text engines: character error rate against the known text, and ms per page.

Run: .venv/bin/python benchmarks/pdf_text.py [--documents 20] [--rounds 3]
Renders synthetic resumes (``resume_ner.testing.documents``) to one-page PDFs with a text
layer: one column; two columns drawn row by row (each visual line left then right, so the
drawing order mixes the columns); two columns drawn column by column. Each engine reads
every PDF; CER compares its text with the drawn text read column by column (whitespace runs
count as one space). Times are the best of ``--rounds`` passes over all PDFs; the ratio
column is against pypdf, the engine before this benchmark, measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from statistics import mean

Engine = Callable[[bytes], str]


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _resume_ner(data: bytes) -> str:
    from resume_ner.data.documents import DocumentLimits, read_document

    return read_document(data, DocumentLimits()).text


ENGINES: dict[str, Engine] = {
    "pypdf": _pypdf,
    "pdfplumber": _pdfplumber,
    "pypdfium2": _pdfium,
    "pypdfium2 + columns (shipped)": _resume_ner,
}


def _corpus(documents: int) -> dict[str, list[tuple[bytes, str]]]:
    from resume_ner.testing.documents import resume_columns, resume_pdf, resume_texts

    texts = resume_texts(documents, seed=0)
    layouts = {
        "one column": (1, "rows"),
        "two columns, drawn by rows": (2, "rows"),
        "two columns, drawn by columns": (2, "columns"),
    }
    return {
        name: [
            (resume_pdf(text, columns, drawn=drawn), "\n".join(resume_columns(text, columns)))  # type: ignore[arg-type]
            for text in texts
        ]
        for name, (columns, drawn) in layouts.items()
    }


def _measure(engine: Engine, pdfs: list[tuple[bytes, str]], rounds: int) -> tuple[float, float]:
    """Mean CER and the best round's ms per page (one page per PDF)."""
    from resume_ner.testing.documents import character_error_rate

    best = float("inf")
    texts: list[str] = []
    for _ in range(rounds):
        start = time.perf_counter()
        texts = [engine(data) for data, _ in pdfs]
        best = min(best, time.perf_counter() - start)
    cer = mean(character_error_rate(ref, text) for (_, ref), text in zip(pdfs, texts, strict=True))
    return cer, best * 1e3 / len(pdfs)


def main() -> None:
    """Measure every engine on every layout and print one markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20, help="resumes per layout")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes; the best counts")
    args = parser.parse_args()
    corpus = _corpus(args.documents)
    print(f"{args.documents} one-page resumes per layout, best of {args.rounds} rounds\n")
    print("| layout | engine | CER | ms/page | time vs pypdf |")
    print("|---|---|---:|---:|---:|")
    for layout, pdfs in corpus.items():
        baseline = None
        for name, engine in ENGINES.items():
            cer, ms = _measure(engine, pdfs, args.rounds)
            baseline = baseline or ms
            print(f"| {layout} | {name} | {cer:.3f} | {ms:.2f} | {ms / baseline:.2f}x |")


if __name__ == "__main__":
    main()
