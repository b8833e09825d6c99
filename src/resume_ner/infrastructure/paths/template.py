"""Path templates compiled once into components, then filled cheaply and safely."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from resume_ner.core.normalize import PATH_RULES, normalize
from resume_ner.core.placeholders import PlaceholderError, validate
from resume_ner.core.tokens import TOKENS, Scope, Token

_TOKEN = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_DRIVE = re.compile(r"[A-Za-z]:")
_MAX_COMPONENT_BYTES = 255
_MAX_VALUE_LENGTH = PATH_RULES.max_length or 255

Segment = str | Token
"""A piece of one path component: literal text or a token slot."""


# Text that PATH_RULES leaves unchanged (lower-case, no forbidden characters, no repeated,
# leading or trailing fill): returned as is, skipping the general normalisation.
_ALREADY_SAFE = re.compile(r"[a-z0-9.\-]+(?:_[a-z0-9.\-]+)*")


@lru_cache(maxsize=8192)
def path_value(token_name: str, raw: str) -> str:
    """The path-safe text of ``raw`` for token ``token_name`` (short forms are cut first).

    Equal to ``normalize(TOKENS[token_name].derive(raw), PATH_RULES).value``; cached, with a
    fast path for text that is already safe.

    Raises:
        ValueError: If nothing usable is left of the value.
    """
    text = TOKENS[token_name].derive(raw)
    if (
        len(text) <= _MAX_VALUE_LENGTH
        and text not in {".", ".."}
        and _ALREADY_SAFE.fullmatch(text) is not None
    ):
        return text
    return normalize(text, PATH_RULES).value


@dataclass(frozen=True)
class PathTemplate:
    """A validated path template split into ``/``-separated components.

    Attributes:
        key: The template's key in the paths config (``train``, ``hpo_trial``...).
        text: The template as written.
        components: Each component as a tuple of literal strings and token slots.
        tokens: Names of the tokens used, in order of appearance.
    """

    key: str
    text: str
    components: tuple[tuple[Segment, ...], ...]
    tokens: tuple[str, ...]

    @classmethod
    def compile(cls, key: str, text: str) -> PathTemplate:
        """Validate ``text`` for the path scope and split it into components.

        Raises:
            PlaceholderError: Naming ``key`` when the template is malformed, uses an unknown or
                non-path token, is absolute, has empty, ``.`` or ``..`` components, or has
                literal characters that are not portable in file names.
        """
        where = f"paths template {key!r} ({text!r})"
        try:
            parsed = validate(text, Scope.PATH)
        except PlaceholderError as exc:
            raise PlaceholderError(f"{where}: {exc}") from None
        if not text:
            raise PlaceholderError(f"{where}: template is empty")
        if text.startswith(("/", "~")) or _DRIVE.match(text):
            raise PlaceholderError(f"{where}: must be relative to the output root")
        components = tuple(_split_component(where, part) for part in text.split("/"))
        return cls(key, text, components, parsed.tokens)

    def component_index(self, token_name: str) -> int | None:
        """Index of the first component using ``token_name``, or ``None``."""
        for index, component in enumerate(self.components):
            if any(isinstance(seg, Token) and seg.name == token_name for seg in component):
                return index
        return None

    def render(self, values: Mapping[str, object]) -> str:
        """Fill every component and join them with ``/`` (a path relative to the root).

        Raises:
            PlaceholderError: Naming the template and token when a value is missing or
                unusable, or when a filled component would be ``.``/``..`` or too long.
        """
        return "/".join(self.render_component(c, values) for c in self.components)

    def render_component(self, component: tuple[Segment, ...], values: Mapping[str, object]) -> str:
        """Fill one component (see :meth:`render`)."""
        if len(component) == 1 and isinstance(component[0], str):
            return component[0]
        text = "".join(
            seg if isinstance(seg, str) else self._value(seg, values) for seg in component
        )
        if text in {".", ".."} or len(text.encode("utf-8")) > _MAX_COMPONENT_BYTES:
            raise PlaceholderError(
                f"paths template {self.key!r} ({self.text!r}): filled component {text[:80]!r} "
                f"is not a usable folder name"
            )
        return text

    def component_pattern(
        self, component: tuple[Segment, ...], token_name: str, values: Mapping[str, object]
    ) -> re.Pattern[str]:
        """A regex matching the component with ``token_name`` as a captured run of digits."""
        pieces: list[str] = []
        for seg in component:
            if isinstance(seg, str):
                pieces.append(re.escape(seg))
            elif seg.name == token_name:
                pieces.append(r"(\d+)")
            else:
                pieces.append(re.escape(self._value(seg, values)))
        return re.compile("".join(pieces))

    def _value(self, token: Token, values: Mapping[str, object]) -> str:
        raw = values.get(token.value_key)
        if raw is None and token.source:
            raw = values.get(token.name)
        if raw is None:
            hint = f" (supply {token.value_key!r})" if token.source else ""
            raise PlaceholderError(
                f"paths template {self.key!r} ({self.text!r}): "
                f"no value for token {{{token.name}}}{hint}"
            )
        try:
            return path_value(token.name, str(raw))
        except ValueError as exc:
            raise PlaceholderError(
                f"paths template {self.key!r} ({self.text!r}): token {{{token.name}}}: {exc}"
            ) from None


def _split_component(where: str, part: str) -> tuple[Segment, ...]:
    if part in {"", ".", ".."}:
        raise PlaceholderError(
            f"{where}: empty, '.' or '..' components are not allowed (the path must stay "
            "under the output root)"
        )
    segments: list[Segment] = []
    position = 0
    for match in _TOKEN.finditer(part):
        segments.extend(_literal(where, part[position : match.start()]))
        segments.append(TOKENS[match.group(1)])
        position = match.end()
    segments.extend(_literal(where, part[position:]))
    return tuple(segments)


def _literal(where: str, text: str) -> list[Segment]:
    bad = sorted({ch for ch in text if ch in PATH_RULES.forbidden})
    if bad:
        raise PlaceholderError(
            f"{where}: literal text {text!r} contains characters not portable in file names: "
            f"{''.join(bad)!r}"
        )
    return [text] if text else []
