"""Seeded synthetic resumes with exact entity spans, in one- and two-column layouts."""

from __future__ import annotations

import random

from resume_ner.data.datasets.synthetic import sections
from resume_ner.data.datasets.synthetic.layout import Style, add_noise, sample_style, side_by_side
from resume_ner.data.datasets.synthetic.profile import Profile, sample_profile
from resume_ner.data.datasets.synthetic.writer import Line, SpanWriter
from resume_ner.data.loaders.document import Document

_LEFT_COLUMN = frozenset({"skills", "education", "certifications"})
_NARROW_AWARE = frozenset({"skills", "education"})


def _section(
    name: str, profile: Profile, style: Style, rng: random.Random, narrow: bool
) -> list[Line]:
    render = getattr(sections, name)  # each section is rendered by the function of its name
    args = (profile, style, rng, narrow) if name in _NARROW_AWARE else (profile, style, rng)
    body: list[Line] = render(*args)
    if not body:
        return []
    return [*style.title(name, rng), *body, ()]


def _lines(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    lines = sections.header(profile, style, rng)
    if not style.two_column:
        lines.extend(sections.contact(profile, style, rng, narrow=False))
        lines.append(())
        for name in style.order:
            lines.extend(_section(name, profile, style, rng, narrow=False))
        return lines
    left = [*sections.contact(profile, style, rng, narrow=True), ()]
    right: list[Line] = []
    for name in style.order:
        if name in _LEFT_COLUMN:
            left.extend(_section(name, profile, style, rng, narrow=True))
        else:
            right.extend(_section(name, profile, style, rng, narrow=False))
    lines.append(())
    lines.extend(side_by_side(left, right, gap=rng.randint(3, 10)))
    return lines


def _resume(rng: random.Random, doc_id: str) -> Document:
    """One resume whose spans are recorded while the text is written (never searched for),
    with the layout choices in ``meta``."""
    profile = sample_profile(rng)
    style = sample_style(rng)
    lines = _lines(profile, style, rng)
    while lines and not lines[-1]:
        lines.pop()
    if style.noisy:
        lines = add_noise(lines, rng)
    writer = SpanWriter()
    for line in lines:
        writer.write_line(line)
    meta = {
        "source": "synthetic",
        "layout": "two_column" if style.two_column else "one_column",
        "sections": list(style.order),
        "bullet": style.bullet,
        "dates": style.dates,
        "header": style.header,
        "noisy": style.noisy,
        "name_caps": style.name_caps,
    }
    return Document(doc_id, writer.text, writer.spans, meta)


def generate_resumes(n: int, seed: int = 0) -> list[Document]:
    """Generate ``n`` synthetic resumes, reproducibly.

    Each resume has its own random stream derived from ``(seed, index)``, so the same seed
    always gives the same documents and ``generate_resumes(k, seed)`` is a prefix of
    ``generate_resumes(n, seed)`` for ``k <= n``. Ids are ``synthetic-<seed>-<index>``.

    Raises:
        ValueError: If ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    documents = []
    for index in range(n):
        rng = random.Random(f"resume-ner/synthetic/{seed}/{index}")
        documents.append(_resume(rng, f"synthetic-{seed}-{index:05d}"))
    return documents
