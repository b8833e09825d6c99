"""Resume PDFs made from known text (with a text layer, scanned), and the character error
rate of a reading against that text (page images: :mod:`resume_ner.testing.page_images`).

Tests and ``benchmarks/`` use these to check reading against the text that was drawn. fpdf2,
Pillow and numpy are imported inside the functions.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image

PDF_PAGE_POINTS = (612.0, 792.0)
"""US Letter, in PDF points (1/72 inch)."""
PDF_MARGIN_POINTS = 40.0
PDF_GUTTER_POINTS = 28.0
"""Blank space between the two columns of a two-column page."""
PDF_LEFT_SHARE = 0.36
"""The left column's share of the width between the margins, without the gutter."""
PDF_FONT_POINTS = (10.0, 5.0)
"""Largest and smallest font size; the largest that fits the text on one page is used."""
LINE_SPACING = 1.25

RIGHT_COLUMN_SECTIONS = frozenset({"summary", "experience", "projects"})
"""Sections a two-column resume puts on the right; the rest (contact, skills, education,
certifications, personal details) stay on the left."""

_WHITESPACE = re.compile(r"\s+")
_TITLE_DECORATION = re.compile(r"^[\W_]+|[\W_]+$")
_FOLD = {"•": "-", "▪": "-", "■": "-", "»": ">", "–": "-", "—": "-"}


def pdf_safe_text(text: str) -> str:
    """``text`` as the PDF core fonts draw it: characters outside Windows-1252 folded to ASCII
    (accents dropped, bullets and dashes to ``-``), anything left to ``?``."""
    out: list[str] = []
    for original in text:
        char = _FOLD.get(original, original)
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            char = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
        out.append(char)
    return "".join(out)


def resume_texts(n: int, seed: int = 0) -> list[str]:
    """The texts of ``n`` synthetic resumes laid out in one column, reproducibly.

    Two-column synthetic resumes are left out: their text already holds both columns side
    by side, as a plain-text reader of a PDF would give them.
    """
    from resume_ner.data.datasets import generate_resumes

    texts: list[str] = []
    batch = 0
    while len(texts) < n:
        documents = generate_resumes(2 * n, seed=seed + batch)
        texts += [doc.text for doc in documents if doc.meta.get("layout") == "one_column"]
        batch += 1
    return texts[:n]


def _section_of(line: str) -> str | None:
    """The synthetic-resume section whose title ``line`` is, if it is one."""
    from resume_ner.data.datasets.synthetic.vocab import SECTION_TITLES

    title = _TITLE_DECORATION.sub("", line.strip()).casefold()
    for section, names in SECTION_TITLES.items():
        if any(title == name.casefold() for name in names):
            return section
    return None


def split_columns(text: str) -> tuple[str, str]:
    """A resume's text as the left and right column of a two-column layout.

    Blocks (runs of lines between blank lines) go with the section whose title opens them or,
    without a title, with the block before. Summary, experience and projects go right;
    everything else, the name and contact block first, goes left.
    """
    columns: dict[str, list[str]] = {"left": [], "right": []}
    side = "left"
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.splitlines()
        section = next((_section_of(line) for line in lines[:1] if line.strip()), None)
        if section is not None:
            side = "right" if section in RIGHT_COLUMN_SECTIONS else "left"
        columns[side].append(block)
    return "\n\n".join(columns["left"]), "\n\n".join(columns["right"])


def _column_widths(columns: int) -> list[float]:
    inner = PDF_PAGE_POINTS[0] - 2 * PDF_MARGIN_POINTS
    if columns == 1:
        return [inner]
    left = (inner - PDF_GUTTER_POINTS) * PDF_LEFT_SHARE
    return [left, inner - PDF_GUTTER_POINTS - left]


def _wrap(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``line`` broken at spaces so that each piece is at most ``width`` points wide."""
    if not line.strip() or measure(line) <= width:
        return [line.rstrip()]
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            pieces.append(current)
            current = word
        else:
            current = candidate
    return [*pieces, current]


def _layout(text: str, columns: int) -> tuple[float, list[list[str]]]:
    """The font size and each column's drawn lines (wrapped, folded) for ``resume_pdf``."""
    from fpdf import FPDF

    if columns not in (1, 2):
        raise ValueError(f"columns must be 1 or 2, got {columns}")
    parts = [text] if columns == 1 else list(split_columns(text))
    parts = [pdf_safe_text(part.expandtabs(4)) for part in parts]
    widths = _column_widths(columns)
    pdf = FPDF(unit="pt", format="letter")
    usable = PDF_PAGE_POINTS[1] - 2 * PDF_MARGIN_POINTS
    size = PDF_FONT_POINTS[0]
    while True:
        pdf.set_font("Helvetica", size=size)
        wrapped = [
            [piece for line in part.splitlines() for piece in _wrap(line, w, pdf.get_string_width)]
            for part, w in zip(parts, widths, strict=True)
        ]
        if max(len(lines) for lines in wrapped) * size * LINE_SPACING <= usable:
            return size, wrapped
        if size <= PDF_FONT_POINTS[1]:
            raise ValueError("the text does not fit on one page, even at the smallest font size")
        size -= 0.5


def resume_columns(text: str, columns: int = 1) -> list[str]:
    """The text each column of ``resume_pdf(text, columns)`` shows, top to bottom: lines folded
    to the core font's characters and wrapped to the column width.

    Read column by column, the page says ``"\\n".join(resume_columns(text, columns))``.
    """
    return ["\n".join(lines) for lines in _layout(text, columns)[1]]


def resume_pdf(text: str, columns: int = 1, *, drawn: Literal["rows", "columns"] = "rows") -> bytes:
    """A one-page US Letter PDF with a text layer that shows ``text`` in Helvetica.

    Args:
        text: The resume; long lines wrap, characters outside Windows-1252 are folded
            (:func:`pdf_safe_text`), the font shrinks until everything fits on the page.
        columns: 1, or 2 for contact, skills and education on the left and the summary,
            experience and projects on the right (:func:`split_columns`).
        drawn: The order of the text in the page's content: ``rows`` draws each visual line
            left then right, top to bottom (as table-based templates and many writers do, so
            reading in drawing order mixes the columns); ``columns`` draws the left column,
            then the right.

    Returns:
        The PDF file; :func:`resume_columns` gives the text of each column.
    """
    from fpdf import FPDF

    size, wrapped = _layout(text, columns)
    widths = _column_widths(columns)
    lefts = [PDF_MARGIN_POINTS, PDF_MARGIN_POINTS + widths[0] + PDF_GUTTER_POINTS]
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    step = size * LINE_SPACING
    cells = [
        (row, column, line)
        for column, lines in enumerate(wrapped)
        for row, line in enumerate(lines)
        if line.strip()
    ]
    if drawn == "rows":
        cells.sort(key=lambda cell: (cell[0], cell[1]))
    for row, column, line in cells:
        pdf.text(lefts[column], PDF_MARGIN_POINTS + size + row * step, line)
    return bytes(pdf.output())


def scanned_pdf(images: Sequence[Image.Image], dpi: float = 150.0) -> bytes:
    """A PDF whose pages are only ``images`` (no text layer), as a scanner writes them.

    Args:
        images: One image per page, in order.
        dpi: The images' resolution, which sets the page size.
    """
    if not images:
        raise ValueError("a scanned PDF needs at least one page image")
    out = io.BytesIO()
    first, *rest = [
        image.convert("RGB") if image.mode not in ("L", "RGB") else image for image in images
    ]
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return out.getvalue()


def join_pdfs(*pdfs: bytes) -> bytes:
    """One PDF with the pages of ``pdfs``, in order (e.g. a scanned page, then a text page)."""
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    for data in pdfs:
        joined.import_pages(pdfium.PdfDocument(data))
    out = io.BytesIO()
    joined.save(out)
    return out.getvalue()


def _normalize(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions turning ``a`` into ``b``.

    One numpy row per character of ``a``; the insertions along a row are a running minimum.
    """
    import numpy as np

    if not a or not b:
        return max(len(a), len(b))
    target = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(len(b) + 1)
    row = offsets.copy()
    for i, char in enumerate(a, start=1):
        substituted = row[:-1] + (target != ord(char))
        current = np.empty_like(row)
        current[0] = i
        current[1:] = np.minimum(row[1:] + 1, substituted)
        row = np.minimum.accumulate(current - offsets) + offsets
    return int(row[-1])


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edit distance from ``reference`` to ``hypothesis`` over the reference's length.

    Whitespace runs (spaces, tabs, line breaks) count as one space in both, since a page
    shows neither how many spaces nor where a long line was wrapped. 0 is perfect; above 1
    is possible when the hypothesis is much longer.
    """
    ref, hyp = _normalize(reference), _normalize(hypothesis)
    if not ref:
        raise ValueError("the reference text is empty")
    return edit_distance(ref, hyp) / len(ref)
