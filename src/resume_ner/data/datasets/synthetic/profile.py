"""The facts of one synthetic candidate (name, contacts, jobs, studies, skills), drawn at random."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from resume_ner.data.datasets.synthetic import vocab

REFERENCE_YEAR = 2024
"""The "current" year of every synthetic resume (fixed, so output never depends on the clock)."""

_MASTERS = frozenset(
    {"Master of Science", "M.Sc", "MCA", "M.Tech", "Master of Technology", "MBA",
     "Master of Business Administration", "Ph.D.", "Master of Engineering"}
)  # fmt: skip
_BACHELORS = ("Bachelor of Technology", "B.Tech", "B.E.", "Bachelor of Science", "B.Sc", "BCA")


@dataclass(frozen=True)
class Job:
    """One position; months are 1-12 and ``end`` is ``None`` for the current job."""

    designation: str
    company: str
    start: tuple[int, int]
    end: tuple[int, int] | None
    city: str | None


@dataclass(frozen=True)
class Study:
    """One degree."""

    degree: str
    field: str
    college: str
    start_year: int
    grad_year: int


@dataclass(frozen=True)
class Profile:
    """Everything a resume may mention about one candidate."""

    first: str
    middle: str | None
    last: str
    email: str
    phone: str
    city: str
    region: str
    country: str
    jobs: tuple[Job, ...]
    studies: tuple[Study, ...]
    skills: tuple[str, ...]
    years: int
    projects: tuple[tuple[str, str], ...]
    certifications: tuple[tuple[str, int], ...]

    @property
    def name(self) -> str:
        """Full name as written in the header."""
        parts = [self.first, self.middle, self.last]
        return " ".join(part for part in parts if part)


def ascii_fold(value: str) -> str:
    """Lower-case ASCII letters and digits of ``value`` (accents dropped, the rest removed)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def make_email(rng: random.Random, first: str, last: str) -> str:
    """A plausible address built from the name."""
    f, l_ = ascii_fold(first), ascii_fold(last)
    local = rng.choice(
        (f"{f}.{l_}", f"{f}{l_}", f"{f[0]}.{l_}", f"{f}_{l_}", f"{l_}.{f}",
         f"{f}{rng.randint(1, 99)}", f"{f}.{l_}{rng.randint(80, 99)}", f"{f[0]}{l_}")
    )  # fmt: skip
    return f"{local}@{rng.choice(vocab.EMAIL_DOMAINS)}"


def make_phone(rng: random.Random) -> str:
    """A phone number in one of the shipped formats."""
    pattern = rng.choice(vocab.PHONE_FORMATS)
    digits = iter(str(rng.randint(2, 9)) if i == 0 else str(rng.randint(0, 9)) for i in range(20))
    return "".join(next(digits) if char == "#" else char for char in pattern)


def _jobs(rng: random.Random, career_start: int) -> tuple[Job, ...]:
    count = min(rng.randint(1, 4), max(1, REFERENCE_YEAR - career_start))
    bounds = sorted(rng.sample(range(career_start + 1, REFERENCE_YEAR), count - 1))
    years = [career_start, *bounds, REFERENCE_YEAR]
    months = [rng.randint(1, 12), *(rng.randint(2, 12) for _ in bounds)]
    companies = rng.sample(vocab.COMPANIES, count)
    jobs = []
    for index in range(count):
        start = (years[index], months[index])
        end: tuple[int, int] | None
        if index < count - 1:
            end = (years[index + 1], months[index + 1] - 1)
        else:
            end = None if rng.random() < 0.75 else (REFERENCE_YEAR, rng.randint(1, 12))
        city = rng.choice(vocab.LOCATIONS)[0] if rng.random() < 0.4 else None
        jobs.append(Job(rng.choice(vocab.DESIGNATIONS), companies[index], start, end, city))
    return tuple(reversed(jobs))


def _studies(rng: random.Random, grad_year: int) -> tuple[Study, ...]:
    degree = rng.choice(vocab.DEGREES)
    colleges = rng.sample(vocab.COLLEGES, 2)
    length = 2 if degree in _MASTERS else rng.choice((3, 4))
    top = Study(degree, rng.choice(vocab.FIELDS), colleges[0], grad_year - length, grad_year)
    if degree not in _MASTERS or rng.random() < 0.3:
        return (top,)
    earlier = top.start_year
    first = Study(
        rng.choice(_BACHELORS), rng.choice(vocab.FIELDS), colleges[1], earlier - 4, earlier
    )
    return (top, first)


def sample_profile(rng: random.Random) -> Profile:
    """Draw one candidate: a culture-consistent name, contacts, career, studies and skills."""
    culture = rng.choice(sorted(vocab.FIRST_NAMES))
    first = rng.choice(vocab.FIRST_NAMES[culture])
    last = rng.choice(vocab.LAST_NAMES[culture])
    middle = f"{rng.choice('ABCDEFGHJKLMNPRSTV')}." if rng.random() < 0.15 else None
    grad_year = rng.randint(2000, 2022)
    career_start = min(grad_year + rng.randint(0, 1), REFERENCE_YEAR - 1)
    city, region, country = rng.choice(vocab.LOCATIONS)
    projects = tuple(rng.sample(vocab.PROJECTS, rng.choice((0, 1, 1, 2))))
    certs = tuple(
        (name, rng.randint(grad_year, REFERENCE_YEAR))
        for name in rng.sample(vocab.CERTIFICATIONS, rng.choice((0, 1, 2)))
    )
    return Profile(
        first=first,
        middle=middle,
        last=last,
        email=make_email(rng, first, last),
        phone=make_phone(rng),
        city=city,
        region=region,
        country=country,
        jobs=_jobs(rng, career_start),
        studies=_studies(rng, grad_year),
        skills=tuple(rng.sample(vocab.SKILLS, rng.randint(5, 12))),
        years=REFERENCE_YEAR - career_start,
        projects=projects,
        certifications=certs,
    )
