"""A small deterministic Predictor (regex rules); file builders live in ``document_files``."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi.testclient import TestClient

from document_files import (  # noqa: F401  (re-exported for the API tests)
    PNG_BYTES,
    docx_with_text,
    docx_zip_bomb,
    encrypted_pdf,
    owner_only_pdf,
    pdf_with_text,
)
from resume_ner.deployment.inference import Entity, ModelInfo

MakeClient = Callable[..., TestClient]
"""``make_client(predictor=None, **settings)`` -> a started TestClient of the real app."""

LABELS = ("NAME", "EMAIL", "PHONE", "SKILLS")
SKILLS = ("Python", "SQL", "Docker", "Kubernetes", "Java")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")
_NAME = re.compile(r"\A\s*([A-Z][a-z]+(?: [A-Z][a-z]+){1,2})\b")
_SKILL = re.compile(r"\b(" + "|".join(SKILLS) + r")\b")

RESUME = (
    "Jane Doe\nData Engineer at Acme Corp\njane.doe@example.com | +1 555 010 9999\n"
    "Skills: Python, SQL, Docker"
)
"""A resume the rules find a name, an email, a phone and three skills in."""


class RegexPredictor:
    """Finds NAME (leading capitalised words), EMAIL, PHONE and a fixed skill list.

    Args:
        delay_s: Sleep this long in every predict call (a slow model).
        fail_on: Raise when a text contains this marker (a model that breaks on some input).
    """

    def __init__(self, delay_s: float = 0.0, fail_on: str | None = None) -> None:
        self.delay_s = delay_s
        self.fail_on = fail_on
        self.calls: list[int] = []
        self._lock = threading.Lock()

    @property
    def info(self) -> ModelInfo:
        """Identity of the rules."""
        return ModelInfo(
            name="regex-rules",
            backbone="regex",
            labels=LABELS,
            backend="python",
            max_length=256,
            stride=64,
            version="1.0",
            fingerprints={"spec8": "0123abcd"},
        )

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of every text, found by the rules."""
        with self._lock:
            self.calls.append(len(texts))
        if self.delay_s:
            time.sleep(self.delay_s)
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[Entity]:
        if self.fail_on is not None and self.fail_on in text:
            raise RuntimeError(f"rules crashed on marker {self.fail_on!r}")
        found: list[Entity] = []
        name = _NAME.match(text)
        if name:
            found.append(Entity("NAME", name.start(1), name.end(1), name.group(1), 0.97))
        for label, pattern, score in (
            ("EMAIL", _EMAIL, 0.99),
            ("PHONE", _PHONE, 0.9),
            ("SKILLS", _SKILL, 0.6),
        ):
            found += [
                Entity(label, m.start(), m.end(), m.group(0), score) for m in pattern.finditer(text)
            ]
        return sorted(found, key=lambda e: (e.start, e.end))


def make_predictor(settings: Any) -> RegexPredictor:
    """Custom predictor factory (``api_fakes:make_predictor``) used by the subprocess test."""
    return RegexPredictor()


def broken_factory(settings: Any) -> RegexPredictor:
    """A factory whose model cannot be loaded."""
    raise OSError(f"model.onnx is corrupt in {settings.model_path}")
