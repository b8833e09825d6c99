"""What every inference backend returns: entities per document and a description of the model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable


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
        """JSON-able form."""
        data = asdict(self)
        data["labels"] = list(self.labels)
        data["fingerprints"] = dict(self.fingerprints)
        return data


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
