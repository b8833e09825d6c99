"""Parse, validate and fill ``{token}`` templates against the token registry."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from resume_ner.core.normalize import NAME_RULES, PATH_RULES, NormalizeRules, normalize
from resume_ner.core.tokens import TOKENS, Scope, tokens_for

_FIELD = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")

SCOPE_RULES: Mapping[Scope, NormalizeRules] = {
    Scope.NAME: NAME_RULES,
    Scope.TAG: NAME_RULES,
    Scope.PATH: PATH_RULES,
}
"""Normalisation applied to each filled value, per scope."""


class PlaceholderError(ValueError):
    """A template is malformed, names an unknown token, or lacks a value."""


@dataclass(frozen=True)
class Template:
    """A parsed template: its text, scope and the tokens it uses, in order."""

    text: str
    scope: Scope
    tokens: tuple[str, ...]

    def fill(self, values: Mapping[str, object]) -> str:
        """Fill this template; see :func:`fill`."""
        return fill(self.text, values, self.scope)


def parse(template: str) -> tuple[str, ...]:
    """Return the token names used in ``template``, in order of appearance.

    Raises:
        PlaceholderError: On unbalanced braces or a malformed placeholder name.
    """
    names: list[str] = []
    for match in _FIELD.finditer(template):
        name = match.group(1)
        if not _NAME.match(name):
            raise PlaceholderError(
                f"template {template!r}: malformed placeholder {{{name}}} "
                "(use lower-case letters, digits and underscores)"
            )
        names.append(name)
    leftover = _FIELD.sub("", template)
    if "{" in leftover or "}" in leftover:
        raise PlaceholderError(f"template {template!r}: unbalanced '{{' or '}}'")
    return tuple(names)


def validate(template: str, scope: Scope) -> Template:
    """Parse ``template`` and check every token is known and allowed in ``scope``.

    Raises:
        PlaceholderError: Naming the template and the offending token.
    """
    names = parse(template)
    allowed = tokens_for(scope)
    for name in names:
        if name not in TOKENS:
            known = ", ".join(sorted(allowed))
            raise PlaceholderError(
                f"template {template!r}: unknown token {{{name}}}; known tokens: {known}"
            )
        if name not in allowed:
            raise PlaceholderError(
                f"template {template!r}: token {{{name}}} is not allowed in a {scope.value} "
                f"(allowed in: {', '.join(sorted(s.value for s in TOKENS[name].scopes))})"
            )
    return Template(template, scope, names)


def fill(template: str, values: Mapping[str, object], scope: Scope) -> str:
    """Fill ``template`` with ``values`` after validating it for ``scope``.

    Short-form tokens (``spec8``) take their value from their source key (``spec_fp``);
    each value is normalized with the scope's rules from :data:`SCOPE_RULES`.

    Raises:
        PlaceholderError: If the template is invalid or a value is missing or unusable.
    """
    parsed = validate(template, scope)
    rules = SCOPE_RULES[scope]
    rendered: dict[str, str] = {}
    for name in parsed.tokens:
        token = TOKENS[name]
        raw = values.get(token.value_key, values.get(name))
        if raw is None:
            raise PlaceholderError(
                f"template {template!r}: no value for token {{{name}}}"
                + (f" (supply {token.value_key!r})" if token.source else "")
            )
        try:
            rendered[name] = normalize(token.derive(str(raw)), rules).value
        except ValueError as exc:
            raise PlaceholderError(f"template {template!r}: token {{{name}}}: {exc}") from None
    return _FIELD.sub(lambda m: rendered[m.group(1)], template)
