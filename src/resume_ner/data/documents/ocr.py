"""Optical character recognition of one page image with Tesseract, lines in reading order.

Tesseract was chosen by measurement over RapidOCR (docs/benchmarks.md): 2.5-3.6 times fewer
character errors on clean 150 and 300 dpi pages at half the seconds per page, and it keeps
the spaces between capitalised words (names, headings) that RapidOCR's model drops.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from resume_ner.common.shared.redact import safe_cause
from resume_ner.data.documents.cleanup import clean_page
from resume_ner.data.documents.model import DocumentError

if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

LANGUAGE = "eng"
"""Tesseract's language data used (Debian package ``tesseract-ocr-eng``)."""
CONFIG = "--oem 1 --psm 3"
"""LSTM recognition, automatic page segmentation (columns become separate blocks)."""
TIMEOUT_S = 120
"""A page still being recognised after this many seconds is refused."""
SAME_LINE = 0.5
"""Words whose vertical centres differ by less than this many line heights share a line."""


@dataclass(frozen=True)
class OcrText:
    """Recognised text of a page: lines in reading order joined by "\\n"; mean word
    confidence in 0-1 (``None`` when no word was found)."""

    text: str
    confidence: float | None


@dataclass(frozen=True)
class Word:
    """One recognised word, its box in pixels and its confidence (0-1)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    block: int = 0


def order_lines(words: Iterable[Word]) -> list[str]:
    """Words grouped into lines in reading order: blocks (columns) in the order given, within
    a block lines by vertical position and each line's words left to right."""
    blocks: dict[int, list[Word]] = {}
    for word in words:
        blocks.setdefault(word.block, []).append(word)
    lines: list[str] = []
    for block in blocks.values():
        rows: list[list[Word]] = []
        for word in sorted(block, key=lambda w: w.top + w.height / 2):
            centre = word.top + word.height / 2
            if rows:
                last = rows[-1]
                last_centre = sum(w.top + w.height / 2 for w in last) / len(last)
                height = max(w.height for w in last)
                if abs(centre - last_centre) < SAME_LINE * max(height, word.height):
                    last.append(word)
                    continue
            rows.append([word])
        lines += [" ".join(w.text for w in sorted(row, key=lambda w: w.left)) for row in rows]
    return lines


@functools.cache
def _engine() -> Any:
    """pytesseract, once the Tesseract binary and its English data are found (checked once)."""
    try:
        import pytesseract
    except ImportError:
        raise DocumentError(
            503, "ocr_unavailable", "OCR needs pytesseract: install the 'documents' extra"
        ) from None
    try:
        version = pytesseract.get_tesseract_version()
        languages = pytesseract.get_languages(config="")
    except Exception as exc:
        raise DocumentError(
            503,
            "ocr_unavailable",
            f"OCR needs the tesseract-ocr program (bash scripts/setup.sh installs it): {exc}",
        ) from None
    if LANGUAGE not in languages:
        raise DocumentError(
            503, "ocr_unavailable", f"Tesseract has no '{LANGUAGE}' data (tesseract-ocr-eng)"
        )
    logger.info("OCR engine: Tesseract %s", version)
    return pytesseract


def _as_engine_input(image: Image.Image) -> Image.Image:
    """Greyscale or RGB pixels; transparency composited onto white."""
    from PIL import Image

    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _words(data: dict[str, Sequence[Any]]) -> list[Word]:
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text, confidence = str(raw).strip(), float(data["conf"][i])
        if not text or confidence < 0:
            continue
        words.append(
            Word(
                text,
                int(data["left"][i]),
                int(data["top"][i]),
                int(data["width"][i]),
                int(data["height"][i]),
                confidence / 100,
                int(data["block_num"][i]),
            )
        )
    return words


def recognize(image: Image.Image) -> OcrText:
    """The text on ``image`` (any Pillow mode), lines in reading order.

    Raises:
        DocumentError: 400 ``ocr_failed`` when recognition fails or times out; 503
            ``ocr_unavailable`` when Tesseract is not installed.
    """
    engine = _engine()
    try:
        data = engine.image_to_data(
            clean_page(_as_engine_input(image)),
            lang=LANGUAGE,
            config=CONFIG,
            output_type=engine.Output.DICT,
            timeout=TIMEOUT_S,
        )
    except RuntimeError as exc:
        raise DocumentError(
            400, "ocr_failed", f"OCR stopped after {TIMEOUT_S} s: {safe_cause(exc)}"
        ) from None
    except Exception as exc:
        raise DocumentError(400, "ocr_failed", f"OCR failed: {safe_cause(exc)}") from None
    words = _words(data)
    if not words:
        return OcrText("", None)
    confidence = sum(w.confidence for w in words) / len(words)
    return OcrText("\n".join(order_lines(words)), confidence)
