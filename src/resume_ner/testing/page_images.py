"""Resume pages drawn as images from known text (PNG, JPEG, TIFF, WebP; turned, speckled,
EXIF-tagged), as photographs and scans of resumes arrive. Pillow is imported inside the functions.
"""

from __future__ import annotations

import importlib.util
import io
import random
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image, ImageFont

ImageFormat = Literal["PNG", "JPEG", "TIFF", "WEBP"]
"""Image file formats :func:`image_bytes` writes."""

_WHITESPACE = re.compile(r"\s+")

PAGE_WIDTH_INCHES = 8.5
"""Rendered pages are US Letter wide."""
PAGE_HEIGHT_INCHES = 11.0
"""Rendered pages are at least US Letter tall; longer text makes a taller page."""
MARGIN_INCHES = 0.75
FONT_POINTS = 11
IMAGE_LINE_SPACING = 1.35

_INVERSE_ORIENTATION = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM"}
_INVERSE_ORIENTATION |= {5: "TRANSPOSE", 6: "ROTATE_90", 7: "TRANSVERSE", 8: "ROTATE_270"}


def _font(pixels: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans from matplotlib's bundled fonts (a core dependency), else Pillow's own font."""
    from PIL import ImageFont

    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return ImageFont.truetype(str(path), pixels)
    return ImageFont.load_default(size=pixels)  # type: ignore[return-value]


def _wrap_pixels(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text``'s lines, whitespace runs collapsed, wrapped to ``width`` pixels."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            lines.append("")
            continue
        chars = max(int(width / max(font.getlength("n"), 1)), 10)
        while chars > 10 and any(
            font.getlength(part) > width for part in textwrap.wrap(line, chars)
        ):
            chars -= 4
        lines += textwrap.wrap(line, chars)
    return lines


def render_text_image(
    text: str, dpi: int = 150, *, rotate: float = 0, noise: float = 0, seed: int = 0
) -> Image.Image:
    """``text`` drawn black on white as a Letter-wide page scanned at ``dpi``.

    Args:
        text: The text; long lines wrap at the margins, whitespace runs become one space.
        dpi: Pixels per inch (an 11 pt font is ``11 * dpi / 72`` pixels tall).
        rotate: Degrees to turn the page counter-clockwise (a skewed scan); corners fill white.
        noise: Fraction of pixels (0-1) set to random grey levels, like sensor or scan noise.
        seed: Seed of the noise.

    Returns:
        A greyscale ("L") image.
    """
    from PIL import Image, ImageDraw

    if dpi < 30:
        raise ValueError(f"dpi must be at least 30, got {dpi}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must lie in [0, 1], got {noise}")
    font = _font(round(FONT_POINTS * dpi / 72))
    margin = round(MARGIN_INCHES * dpi)
    width = round(PAGE_WIDTH_INCHES * dpi)
    lines = _wrap_pixels(text, font, width - 2 * margin)
    step = round(FONT_POINTS * dpi / 72 * IMAGE_LINE_SPACING)
    height = max(round(PAGE_HEIGHT_INCHES * dpi), 2 * margin + step * len(lines))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((margin, margin + number * step), line, font=font, fill=0)
    if rotate:
        image = image.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        assert pixels is not None
        for _ in range(round(noise * image.width * image.height)):
            pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.randrange(256)
    return image


def image_bytes(
    image: Image.Image, fmt: ImageFormat = "PNG", exif_orientation: int | None = None
) -> bytes:
    """``image`` encoded as ``fmt``; with ``exif_orientation`` (2-8) the pixels are stored
    turned so that a viewer honouring the EXIF Orientation tag shows ``image`` upright.
    """
    from PIL import Image

    stored = image
    exif = Image.Exif()
    if exif_orientation is not None:
        if exif_orientation not in range(1, 9):
            raise ValueError(f"EXIF orientation must be 1-8, got {exif_orientation}")
        if exif_orientation in _INVERSE_ORIENTATION:
            method = getattr(Image.Transpose, _INVERSE_ORIENTATION[exif_orientation])
            stored = image.transpose(method)
        exif[0x0112] = exif_orientation
    if fmt == "JPEG" and stored.mode not in ("L", "RGB"):
        stored = stored.convert("RGB")
    out = io.BytesIO()
    stored.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def multipage_tiff(images: Sequence[Image.Image]) -> bytes:
    """One TIFF file with ``images`` as its pages, in order."""
    if not images:
        raise ValueError("a TIFF needs at least one page")
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=list(images[1:]))
    return out.getvalue()
