"""Render each resume section of a profile as lines of labelled and plain pieces."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from resume_ner.data.datasets.synthetic import vocab
from resume_ner.data.datasets.synthetic.layout import Style
from resume_ner.data.datasets.synthetic.profile import Job, Profile, Study
from resume_ner.data.datasets.synthetic.writer import Line, Piece, entity, joined, plain

NAME, EMAIL, PHONE, LOCATION = "NAME", "EMAIL", "PHONE", "LOCATION"
DESIGNATION, COMPANY, DEGREE, COLLEGE = "DESIGNATION", "COMPANY", "DEGREE", "COLLEGE"
GRADUATION_YEAR, YEARS, SKILLS = "GRADUATION_YEAR", "YEARS_OF_EXPERIENCE", "SKILLS"


def years_text(years: int, rng: random.Random) -> str:
    """A years-of-experience phrase such as ``7+ years`` or ``seven years``."""
    unit = "year" if years == 1 else "years"
    options = [f"{years} {unit}", f"{years}+ {unit}", f"{years} yrs"]
    if years <= len(vocab.NUMBER_WORDS):
        options.append(f"{vocab.NUMBER_WORDS[years - 1]} {unit}")
    return rng.choice(options)


def location_text(profile: Profile, rng: random.Random) -> str:
    """The candidate's location as ``City, Country``, ``City, Region`` or ``City``."""
    if profile.city == profile.region:
        return rng.choice((profile.city, f"{profile.city}, {profile.country}"))
    return rng.choice(
        (f"{profile.city}, {profile.country}", f"{profile.city}, {profile.region}", profile.city)
    )


def header(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """Name, optionally the current title, as the first lines of the resume."""
    name = profile.name.upper() if style.name_caps else profile.name
    lines: list[Line] = [(entity(name, NAME),)]
    if rng.random() < 0.5:
        lines.append((entity(profile.jobs[0].designation, DESIGNATION),))
    return lines


def contact(profile: Profile, style: Style, rng: random.Random, narrow: bool) -> list[Line]:
    """Email, phone and location lines (inline, labelled or stacked)."""
    items = [
        ("email", entity(profile.email, EMAIL)),
        ("phone", entity(profile.phone, PHONE)),
        ("location", entity(location_text(profile, rng), LOCATION)),
    ]
    rng.shuffle(items)
    if style.contact == "labelled":
        prefixes = {
            "email": ("Email: ", "E-mail: ", "Mail: "),
            "phone": ("Phone: ", "Mobile: ", "Ph: ", "Contact: ", "Tel: "),
            "location": ("Address: ", "Location: ", "City: "),
        }
        return [(plain(rng.choice(prefixes[kind])), piece) for kind, piece in items]
    if style.contact == "stacked" or narrow:
        return [(piece,) for _, piece in items]
    separator = rng.choice((" | ", " • ", " · ", "   ", " / ", " , "))
    return [tuple(joined((piece for _, piece in items), separator))]


def summary(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """A summary with a years-of-experience sentence and a label-free objective."""
    job = profile.jobs[0]
    years = entity(years_text(profile.years, rng), YEARS)
    skills = [entity(skill, SKILLS) for skill in profile.skills[:3]]
    listed = [*joined(skills[:-1], ", "), plain(" and "), skills[-1]]
    templates: list[Line] = [
        (entity(job.designation, DESIGNATION), plain(" with "), years,
         plain(" of experience in "), *listed, plain(".")),
        (plain("Results-driven professional with "), years,
         plain(" of experience, currently working as "), entity(job.designation, DESIGNATION),
         plain(".")),
        (plain("Over "), years, plain(" of industry experience, working as "),
         entity(job.designation, DESIGNATION), plain(" at "), entity(job.company, COMPANY),
         plain(".")),
        (plain("I have "), years, plain(" of hands-on experience with "), *listed, plain(".")),
    ]  # fmt: skip
    sentence = rng.choice(templates)
    objective: Line = (plain(rng.choice(vocab.OBJECTIVES)),)
    lines = [sentence, objective] if rng.random() < 0.6 else [objective, sentence]
    if not style.two_column and rng.random() < 0.5:
        return [(*lines[0], plain(" "), *lines[1])]
    return lines


def total_experience(profile: Profile, rng: random.Random) -> Line:
    """A ``Total Experience: 7 years`` line (used when there is no summary)."""
    label = rng.choice(("Total Experience: ", "Experience: ", "Overall experience - "))
    return (plain(label), entity(years_text(profile.years, rng), YEARS))


def _entry_head(job: Job, style: Style, rng: random.Random) -> list[Line]:
    title, company = entity(job.designation, DESIGNATION), entity(job.company, COMPANY)
    dates = plain(style.period(job.start, job.end))
    city: tuple[Piece, ...] = (plain(", "), entity(job.city, LOCATION)) if job.city else ()
    gap = plain(" " * rng.randint(3, 12))
    formats: list[list[Line]] = [
        [(title, plain(", "), company, *city), (dates,)],
        [(company, plain(" | "), title, plain(" | "), dates)],
        [(title, plain(" at "), company, plain(" ("), dates, plain(")"))],
        [(company, *city), (title, gap, dates)],
        [(company, plain(" — "), title), (dates,)],
    ]
    return formats[style.entry_format]


def experience(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """Job entries, each with a head line and label-free responsibility bullets."""
    lines: list[Line] = []
    if "summary" not in style.order:
        lines.append(total_experience(profile, rng))
    for job in profile.jobs:
        lines.extend(_entry_head(job, style, rng))
        duties = rng.sample(vocab.RESPONSIBILITIES, rng.randint(1, 3))
        lines.extend((plain(style.bullet_at(i) + duty),) for i, duty in enumerate(duties))
        lines.append(())
    return lines[:-1]


def _study_lines(study: Study, style: Style, rng: random.Random, narrow: bool) -> list[Line]:
    degree, college = entity(study.degree, DEGREE), entity(study.college, COLLEGE)
    year = entity(str(study.grad_year), GRADUATION_YEAR)
    if narrow:
        return [(degree,), (plain(f"{study.field}"),), (college,), (year,)]
    when = rng.choice(("Graduated: ", "Class of ", "Passed out in ", "May "))
    formats: list[list[Line]] = [
        [(degree, plain(f" in {study.field}, "), college, plain(", "), year)],
        [(degree, plain(f" ({study.field})")), (college, plain(f" | {study.start_year} - "), year)],
        [(college,), (degree, plain(f", {study.field}" + " " * rng.randint(3, 10) + when), year)],
        [(year, plain("  "), degree, plain(" - "), college)],
        [(degree, plain(", "), college, plain(" ("), year, plain(")"))],
    ]
    lines = formats[style.education_format]
    if rng.random() < 0.3:
        grade = rng.choice(
            (f"CGPA: {rng.randint(60, 98) / 10}/10", f"GPA {rng.randint(28, 40) / 10}",
             f"Percentage: {rng.randint(55, 95)}%")
        )  # fmt: skip
        lines.append((plain(grade),))
    return lines


def education(profile: Profile, style: Style, rng: random.Random, narrow: bool) -> list[Line]:
    """Degrees with college and graduation year (plus label-free grades)."""
    lines: list[Line] = []
    for study in profile.studies:
        lines.extend(_study_lines(study, style, rng, narrow))
        lines.append(())
    return lines[:-1]


def _chunks(items: Sequence[Piece], size: int) -> list[Sequence[Piece]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def skills(profile: Profile, style: Style, rng: random.Random, narrow: bool) -> list[Line]:
    """Skills as comma lists, bullets, groups (``Languages: ...``) or one inline run."""
    pieces = [entity(skill, SKILLS) for skill in profile.skills]
    kind = "bullets" if narrow and style.skills != "comma" else style.skills
    if kind == "bullets":
        return [(plain(style.bullet_at(i)), piece) for i, piece in enumerate(pieces)]
    if kind == "grouped":
        groups: dict[str, list[Piece]] = {}
        for piece in pieces:
            groups.setdefault(vocab.SKILL_GROUP_OF[piece[0]], []).append(piece)
        return [(plain(f"{group}: "), *joined(members, ", ")) for group, members in groups.items()]
    if kind == "inline":
        return [tuple(joined(pieces, rng.choice((" | ", " • ", ", ", " / "))))]
    size = 2 if narrow else rng.randint(4, 7)
    return [tuple(joined(chunk, ", ")) for chunk in _chunks(pieces, size)]


def projects(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """Project names and descriptions (label-free), sometimes with a labelled tech line."""
    lines: list[Line] = []
    for name, description in profile.projects:
        lines.append((plain(rng.choice(("", "Project: ", "Title: ")) + name),))
        lines.append((plain(style.bullet_at(0) + description),))
        if rng.random() < 0.5:
            tech = [entity(skill, SKILLS) for skill in rng.sample(profile.skills, 2)]
            lines.append(
                (plain(rng.choice(("Technologies: ", "Tech stack: "))), *joined(tech, ", "))
            )
    return lines


def certifications(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """Label-free certification lines, often with a (non-graduation) year."""
    forms: list[Callable[[str, int], str]] = [
        lambda n, y: f"{n} ({y})",
        lambda n, y: f"{n}, {y}",
        lambda n, y: f"{n} - {y}",
        lambda n, _y: n,
    ]
    form = rng.choice(forms)
    return [
        (plain(style.bullet_at(i) + form(name, year)),)
        for i, (name, year) in enumerate(profile.certifications)
    ]


def personal(profile: Profile, style: Style, rng: random.Random) -> list[Line]:
    """Label-free personal details (birth date, languages, hobbies) and a declaration."""
    born = profile.studies[-1].start_year - rng.randint(17, 19)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    birth = rng.choice((f"{day:02d}/{month:02d}/{born}", f"{day} {vocab.MONTHS[month - 1]} {born}"))
    lines: list[Line] = [
        (plain(f"{rng.choice(('Date of Birth', 'DOB'))}: {birth}"),),
        (plain("Languages Known: " + ", ".join(rng.sample(vocab.PERSONAL_LANGUAGES, 2))),),
    ]
    if rng.random() < 0.5:
        lines.append((plain("Hobbies: " + ", ".join(rng.sample(vocab.HOBBIES, 3))),))
    if rng.random() < 0.6:
        lines.extend(((), (plain(rng.choice(vocab.DECLARATIONS)),)))
    return lines
