"""Per-resume style (section order, bullets, dates, headers, columns) and line-level layout."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from resume_ner.data.datasets.synthetic import vocab
from resume_ner.data.datasets.synthetic.writer import Line, plain, width

SECTIONS = (
    "summary", "experience", "education", "skills", "projects", "certifications", "personal",
)  # fmt: skip
"""Every section a synthetic resume may have."""
BULLETS = ("-", "*", "•", "numbered", "▪", "o")
"""Bullet styles; ``numbered`` writes ``1.``, ``2.`` ..."""
DATE_FORMATS = ("month", "year", "numeric")
"""``Jan 2019 - Present``, ``2019-2021`` and ``03/2018 - 05/2020``."""
HEADER_STYLES = ("upper", "title", "colon", "rule", "decorated")
"""How section titles are written."""
_CORE_ORDERS = (
    ("experience", "education", "skills"),
    ("experience", "skills", "education"),
    ("education", "experience", "skills"),
    ("skills", "experience", "education"),
    ("education", "skills", "experience"),
)


@dataclass(frozen=True)
class Style:
    """How one resume is laid out."""

    order: tuple[str, ...]
    bullet: str
    dates: str
    dash: str
    present: str
    header: str
    two_column: bool
    noisy: bool
    name_caps: bool
    contact: str
    skills: str
    entry_format: int
    education_format: int

    def bullet_at(self, index: int) -> str:
        """The bullet prefix of the ``index``-th item (0-based), with its trailing space."""
        if self.bullet == "numbered":
            return f"{index + 1}. "
        return f"{self.bullet} "

    def title(self, section: str, rng: random.Random) -> list[Line]:
        """The header line(s) of a section."""
        name = rng.choice(vocab.SECTION_TITLES[section])
        if self.header == "upper":
            return [(plain(name.upper()),)]
        if self.header == "colon":
            return [(plain(f"{name}:"),)]
        if self.header == "rule":
            text = name.upper()
            return [(plain(text),), (plain(rng.choice("-=_") * len(text)),)]
        if self.header == "decorated":
            return [(plain(rng.choice(("■ ", "» ", "== ", "# ")) + name.upper()),)]
        return [(plain(name),)]

    def month(self, year: int, month: int) -> str:
        """One date in this resume's format."""
        if self.dates == "month":
            return f"{vocab.MONTHS[month - 1]} {year}"
        if self.dates == "numeric":
            return f"{month:02d}/{year}"
        return str(year)

    def period(self, start: tuple[int, int], end: tuple[int, int] | None) -> str:
        """A date range such as ``Jan 2019 - Present``."""
        finish = self.present if end is None else self.month(*end)
        return f"{self.month(*start)}{self.dash}{finish}"


def _order(rng: random.Random) -> tuple[str, ...]:
    order = list(rng.choice(_CORE_ORDERS))
    for extra in ("projects", "certifications"):
        order.insert(rng.randint(1, len(order)), extra)
    if rng.random() < 0.85:
        order.insert(0, "summary")
    if rng.random() < 0.35:
        order.append("personal")
    return tuple(order)


def sample_style(rng: random.Random) -> Style:
    """Draw a layout for one resume."""
    dates = rng.choice(DATE_FORMATS)
    dash = rng.choice(("-", " - ")) if dates == "year" else rng.choice((" - ", " – ", " to "))
    return Style(
        order=_order(rng),
        bullet=rng.choice(BULLETS),
        dates=dates,
        dash=dash,
        present=rng.choice(("Present", "Current", "Till Date", "Now", "present")),
        header=rng.choice(HEADER_STYLES),
        two_column=rng.random() < 0.3,
        noisy=rng.random() < 0.4,
        name_caps=rng.random() < 0.35,
        contact=rng.choice(("inline", "labelled", "stacked")),
        skills=rng.choice(("comma", "bullets", "grouped", "inline")),
        entry_format=rng.randrange(5),
        education_format=rng.randrange(5),
    )


def side_by_side(left: Sequence[Line], right: Sequence[Line], gap: int) -> list[Line]:
    """Flatten two columns into one text, padding the left one with spaces (as PDF extraction
    does) to ``gap`` spaces past its widest line."""
    column = max((width(line) for line in left), default=0) + gap
    lines: list[Line] = []
    for index in range(max(len(left), len(right))):
        first = left[index] if index < len(left) else ()
        second = right[index] if index < len(right) else ()
        if not second:
            lines.append(first)
            continue
        lines.append((*first, plain(" " * (column - width(first))), *second))
    return lines


def add_noise(lines: Sequence[Line], rng: random.Random) -> list[Line]:
    """Widen some spaces, add trailing spaces and extra blank lines, outside every entity."""
    noisy: list[Line] = []
    for line in lines:
        pieces = []
        for text, label in line:
            widened = text
            if label is None and " " in text and rng.random() < 0.3:
                cut = rng.choice([i for i, char in enumerate(text) if char == " "])
                widened = f"{text[:cut]} {text[cut:]}"
            pieces.append((widened, label))
        if pieces and rng.random() < 0.15:
            pieces.append(plain(rng.choice((" ", "  ", "\t"))))
        noisy.append(tuple(pieces))
        if not line and rng.random() < 0.3:
            noisy.append(())
    return noisy
