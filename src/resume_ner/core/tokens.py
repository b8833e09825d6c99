"""Registry of the naming tokens usable in run names, experiment names, tags and paths."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    """Where a filled template ends up; each token is allowed in some scopes only."""

    NAME = "name"
    """MLflow experiment and run names."""
    TAG = "tag"
    """MLflow tag values."""
    PATH = "path"
    """Folder and file names under the output root."""


ALL_SCOPES: frozenset[Scope] = frozenset(Scope)
NAME_AND_TAG: frozenset[Scope] = frozenset({Scope.NAME, Scope.TAG})


@dataclass(frozen=True)
class Token:
    """One naming token.

    Attributes:
        name: Placeholder name as written inside braces, e.g. ``spec8``.
        description: What the value means.
        scopes: Scopes in which the token may appear.
        source: For short forms, the token whose value is shortened (``spec_fp`` for ``spec8``).
        length: For short forms, how many leading characters of the source are kept.
    """

    name: str
    description: str
    scopes: frozenset[Scope] = ALL_SCOPES
    source: str | None = None
    length: int | None = None

    @property
    def value_key(self) -> str:
        """The key a caller supplies a value under (the source for short forms)."""
        return self.source or self.name

    def derive(self, value: str) -> str:
        """Return the token's text for a supplied value (shortened for short forms)."""
        return value[: self.length] if self.length is not None else value


_FINGERPRINTS = {
    "data_fp": "Fingerprint of the dataset file contents.",
    "spec_fp": "Fingerprint of model, data and training config plus seed.",
    "exec_fp": "Fingerprint of the execution environment (package and library versions, device).",
    "conv_fp": "Fingerprint of a conversion: parent fingerprints plus conversion config.",
    "bench_fp": "Fingerprint of a benchmark: model, benchmark config and hardware.",
    "hardware_fp": "Fingerprint of the hardware (CPU model, cores, GPU).",
}

_BASE_TOKENS: tuple[Token, ...] = (
    Token("env", "Platform the run executes on (local, colab, kaggle, azureml)."),
    Token("project", "Project name used as the experiment prefix."),
    Token("backbone", "Short name of the transformer backbone."),
    Token("stage", "Pipeline stage (data, hpo, select, train, convert, bench)."),
    Token("study", "Optuna study name."),
    Token("trial", "Optuna trial number."),
    Token("fold", "Cross-validation fold index."),
    Token("variant", "Variant number of a final training with the same fingerprints."),
    Token("version", "Version label, e.g. v3."),
    Token("dataset", "Dataset name."),
    Token("seed", "Random seed."),
    Token("precision", "Numeric precision of a converted model (fp32, int8, fp16)."),
    Token("backend", "Inference backend (pytorch, onnx)."),
    Token("timestamp", "UTC timestamp YYYYmmdd-HHMMSS.", NAME_AND_TAG),
    Token("run_id", "MLflow run id.", frozenset({Scope.TAG})),
)


def _fingerprint_tokens() -> tuple[Token, ...]:
    tokens: list[Token] = []
    for name, description in _FINGERPRINTS.items():
        tokens.append(Token(name, description))
        short = name.removesuffix("_fp") + "8"
        tokens.append(Token(short, f"First 8 characters of {name}.", source=name, length=8))
    return tuple(tokens)


TOKENS: dict[str, Token] = {t.name: t for t in (*_BASE_TOKENS, *_fingerprint_tokens())}
"""Every known token by name."""


def get_token(name: str) -> Token:
    """Return the token called ``name``.

    Raises:
        KeyError: If the token is unknown; the message lists the known tokens.
    """
    try:
        return TOKENS[name]
    except KeyError:
        known = ", ".join(sorted(TOKENS))
        raise KeyError(f"unknown token {name!r}; known tokens: {known}") from None


def tokens_for(scope: Scope) -> frozenset[str]:
    """Names of the tokens allowed in ``scope``."""
    return frozenset(name for name, token in TOKENS.items() if scope in token.scopes)
