"""The service object behind the routes: model state, runners, metrics, and the predict step."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from resume_ner.common.shared.redact import redacted_traceback
from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.api.errors import ApiError
from resume_ner.deployment.api.metrics import ServiceMetrics
from resume_ner.deployment.api.model_state import ModelState
from resume_ner.deployment.api.runner import BoundedRunner
from resume_ner.deployment.api.schemas import DocumentResult, EntityOut, ExtractOptions
from resume_ner.deployment.api.settings import ServiceSettings
from resume_ner.deployment.inference.grouping import group_fields
from resume_ner.deployment.inference.types import Entity, Predictor

logger = logging.getLogger(__name__)

FILE_WORKERS = 2
"""Threads that parse uploaded PDFs and DOCX files."""


@dataclass
class Service:
    """Everything one app instance holds: settings, model, runners and metrics."""

    settings: ServiceSettings
    metrics: ServiceMetrics = field(default_factory=ServiceMetrics)
    model: ModelState = field(default_factory=ModelState)
    inference: BoundedRunner = field(init=False)
    files: BoundedRunner = field(init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.inference = BoundedRunner(
            s.inference_workers, s.max_queue, s.request_timeout_s, "inference"
        )
        self.files = BoundedRunner(FILE_WORKERS, s.max_queue, s.request_timeout_s, "file")

    @property
    def limits(self) -> DocumentLimits:
        """Limits for reading uploads."""
        s = self.settings
        return DocumentLimits(
            s.max_pdf_pages,
            s.max_docx_uncompressed_bytes,
            s.max_docx_ratio,
            s.max_image_pixels,
            s.max_image_pages,
        )

    def shutdown(self) -> None:
        """Stop both runners."""
        self.inference.shutdown()
        self.files.shutdown()


def get_service(request: Request) -> Service:
    """FastAPI dependency: the app's :class:`Service`."""
    service: Service = request.app.state.service
    return service


def get_predictor(request: Request) -> Predictor:
    """FastAPI dependency: the loaded predictor, else 503 ``not_ready`` (tests override it)."""
    model = get_service(request).model
    if not model.ready or model.predictor is None:
        raise ApiError(503, "not_ready", model.reason, headers={"Retry-After": "5"})
    return model.predictor


ServiceDep = Annotated[Service, Depends(get_service)]
PredictorDep = Annotated[Predictor, Depends(get_predictor)]


def text_problem(text: str, max_chars: int) -> tuple[int, str, str] | None:
    """``(status, code, message)`` when ``text`` cannot be predicted, else ``None``."""
    if not text.strip():
        return 422, "empty_text", "text is empty"
    if len(text) > max_chars:
        return 413, "text_too_large", f"text has {len(text)} characters; the limit is {max_chars}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return 422, "invalid_text", f"text is not valid Unicode (lone surrogate at {exc.start})"
    return None


def check_text(text: str, max_chars: int) -> None:
    """Raise the :func:`text_problem` of ``text`` as an :class:`ApiError`, if any."""
    problem = text_problem(text, max_chars)
    if problem is not None:
        raise ApiError(*problem)


def _predict_checked(predictor: Predictor, texts: list[str]) -> list[list[Entity]]:
    try:
        result = predictor.predict(texts)
    except Exception as exc:
        logger.error("inference failed on %d document(s)\n%s", len(texts), redacted_traceback(exc))
        raise ApiError(500, "inference_failed", "the model failed on this input") from None
    if len(result) != len(texts):
        logger.error("predictor returned %d results for %d texts", len(result), len(texts))
        raise ApiError(500, "inference_failed", "the model returned a malformed result")
    return result


async def predict(
    service: Service, predictor: Predictor, texts: Sequence[str]
) -> tuple[list[list[Entity]], float]:
    """Entities of ``texts`` predicted in one call off the event loop, and the seconds taken.

    Raises ``ApiError`` 429 (queue full), 504 (timeout) or 500 ``inference_failed``.
    """
    batch = list(texts)

    def work() -> tuple[list[list[Entity]], float]:
        start = time.perf_counter()
        return _predict_checked(predictor, batch), time.perf_counter() - start

    return await service.inference.run(work, "inference")


async def predict_batch(
    service: Service, predictor: Predictor, texts: list[str]
) -> tuple[list[list[Entity] | None], float]:
    """Predict ``texts`` together, or one by one after a failed batch (``None`` where it fails)."""
    if not texts:
        return [], 0.0
    start = time.perf_counter()
    try:
        predicted, seconds = await predict(service, predictor, texts)
    except ApiError as exc:
        if exc.code != "inference_failed":
            raise
    else:
        return list(predicted), seconds

    def each() -> list[list[Entity] | None]:
        out: list[list[Entity] | None] = []
        for text in texts:
            try:
                out.append(_predict_checked(predictor, [text])[0])
            except ApiError:
                out.append(None)
        return out

    results: list[list[Entity] | None] = [None]
    if len(texts) > 1:
        results = await service.inference.run(each, "inference")
    return results, time.perf_counter() - start


def document_result(text: str, entities: list[Entity], options: ExtractOptions) -> DocumentResult:
    """Filter ``entities`` by the options and group them into recruiter fields."""
    wanted = set(options.labels) if options.labels is not None else None
    kept = [
        e
        for e in entities
        if (wanted is None or e.label in wanted) and _score(e.score) >= options.min_score
    ]
    shown = (
        [
            EntityOut(label=e.label, start=e.start, end=e.end, text=e.text, score=_score(e.score))
            for e in kept
        ]
        if options.include_entities
        else None
    )
    return DocumentResult(text_chars=len(text), entities=shown, fields=group_fields(kept))


def _score(value: float) -> float:
    score = float(value)
    return round(score, 6) if math.isfinite(score) else 0.0
