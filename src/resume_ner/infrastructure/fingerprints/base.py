"""The Fingerprint value type and the one function that turns components into a digest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from resume_ner.common.constants.defaults import SHORT_FP_LENGTH
from resume_ner.common.shared.hashing import canonical, hash_value

_Config = TypeVar("_Config", bound=BaseModel)

FINGERPRINT_SCHEMA_VERSION = 1
"""Version of the fingerprint recipes; bumping it deliberately invalidates every reuse."""


@dataclass(frozen=True)
class Fingerprint:
    """A fingerprint and exactly what went into it.

    Attributes:
        kind: ``data``, ``spec``, ``exec``, ``conv``, ``bench`` or ``hardware``.
        value: Full SHA-256 hex digest (64 characters).
        components: The canonical JSON-able inputs the digest was computed from, suitable for
            recording in metadata so a changed fingerprint can be explained.
    """

    kind: str
    value: str
    components: Mapping[str, Any] = field(compare=False, hash=False, repr=False)

    @property
    def short(self) -> str:
        """The first 8 characters (the ``spec8``/``exec8``... form used in names and paths)."""
        return self.value[:SHORT_FP_LENGTH]

    def __str__(self) -> str:
        return self.value


def make_fingerprint(kind: str, components: Mapping[str, Any]) -> Fingerprint:
    """Digest ``components`` into a :class:`Fingerprint` of ``kind``.

    The digest covers ``{"fingerprint": kind, "version": FINGERPRINT_SCHEMA_VERSION,
    "components": canonical(components)}``, so equal inputs of different kinds never collide
    and key order, float spelling (``1e-4`` vs ``0.0001``) and tuple/list differences vanish.
    """
    canonical_components: dict[str, Any] = canonical(dict(components))
    value = hash_value(
        {
            "fingerprint": kind,
            "version": FINGERPRINT_SCHEMA_VERSION,
            "components": canonical_components,
        }
    )
    return Fingerprint(kind, value, MappingProxyType(canonical_components))


def fp_text(value: str | Fingerprint, what: str) -> str:
    """Return the hex value of a fingerprint given as a string or a :class:`Fingerprint`.

    Raises:
        ValueError: If the value is empty or not hexadecimal, naming ``what``.
    """
    text = value.value if isinstance(value, Fingerprint) else value
    if not isinstance(text, str) or not text:
        raise ValueError(f"{what}: expected a fingerprint string, got {value!r}")
    text = text.strip().lower()
    if any(ch not in "0123456789abcdef" for ch in text):
        raise ValueError(f"{what}: {value!r} is not a hexadecimal fingerprint")
    return text


def as_config(value: Any, cls: type[_Config], section: str, caller: str) -> _Config:
    """Return ``value`` as a validated ``cls`` (dicts get defaults filled in and are coerced).

    Raises:
        ValueError: Naming ``caller``, ``section`` and each bad field, e.g.
            ``spec_fp: invalid training config: training.epochs: Input should be ...``.
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if not isinstance(value, Mapping):
        raise ValueError(
            f"{caller}: {section} must be a {cls.__name__} or a dict, got {type(value).__name__}"
        )
    try:
        return cls.model_validate(dict(value))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join([section, *(str(p) for p in err['loc'])])}: {err['msg']}"
            for err in exc.errors()
        )
        raise ValueError(f"{caller}: invalid {section} config: {problems}") from None
