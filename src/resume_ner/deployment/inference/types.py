"""What every inference backend returns: entities per document and a description of the model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from resume_ner.data.processing.alignment import ScoredSpan


@dataclass(frozen=True)
class Entity:
    """One extracted field value: ``text == document[start:end]``."""

    label: str
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def entities_of(text: str, spans: Iterable[ScoredSpan]) -> list[Entity]:
    """The entities of decoded spans over ``text``."""
    return [Entity(s.label, s.start, s.end, text[s.start : s.end], float(s.score)) for s in spans]


def check_texts(texts: Sequence[str]) -> list[str]:
    """The texts as a list; a ``TypeError`` names a non-string item or a bare string."""
    if isinstance(texts, str):
        raise TypeError("predict expects a sequence of texts, not one string: pass [text]")
    items = list(texts)
    for index, text in enumerate(items):
        if not isinstance(text, str):
            raise TypeError(f"texts[{index}] is {type(text).__name__}, expected str")
    return items


@dataclass(frozen=True)
class ModelInfo:
    """Identity of a loaded model, as reported by ``GET /v1/model``."""

    name: str
    backbone: str
    labels: tuple[str, ...]
    backend: str
    max_length: int
    stride: int
    version: str
    fingerprints: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (the body of ``GET /v1/model`` without the load time)."""
        return asdict(self)


@runtime_checkable
class Predictor(Protocol):
    """Text in, entities out; implemented by the PyTorch and ONNX Runtime backends."""

    @property
    def info(self) -> ModelInfo:
        """Identity of the loaded model."""
        ...

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each whole document (sliding windows; nothing truncated)."""
        ...
