"""``/v1/extract``, ``/v1/extract/batch`` and ``/v1/extract/file``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, ValidationError

from resume_ner.data.documents import DocumentError, read_document
from resume_ner.deployment.api.auth import require_api_key
from resume_ner.deployment.api.errors import ApiError, request_id_of, validation_message
from resume_ner.deployment.api.responses import error_responses
from resume_ner.deployment.api.schemas import (
    BatchItem,
    BatchRequest,
    BatchResponse,
    ErrorDetail,
    ExtractOptions,
    ExtractRequest,
    ExtractResponse,
    FileExtractResponse,
    FileInfo,
    Timing,
)
from resume_ner.deployment.api.service import (
    PredictorDep,
    ServiceDep,
    check_text,
    document_result,
    predict,
    predict_batch,
    text_problem,
)
from resume_ner.deployment.inference.types import Predictor

router = APIRouter(prefix="/v1", tags=["extraction"], dependencies=[Depends(require_api_key)])

_Route = TypeVar("_Route", bound=Callable[..., Any])


TEXT_ERRORS = (401, 403, 413, 422, 429, 503, 504)
"""Error statuses of the text endpoints (the file endpoint adds 400 and 415)."""


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _envelope(
    request: Request,
    predictor: Predictor,
    start: float,
    inference_s: float,
    extraction_s: float | None = None,
) -> dict[str, Any]:
    """Request id, model name and timing shared by every extraction response."""
    timing = Timing(
        inference_ms=_ms(inference_s),
        extraction_ms=None if extraction_s is None else _ms(extraction_s),
        total_ms=_ms(time.perf_counter() - start),
    )
    return {"request_id": request_id_of(request), "model": predictor.info.name, "timing": timing}


def _post(
    path: str, response: type[BaseModel], summary: str, *errors: int
) -> Callable[[_Route], _Route]:
    """``router.post`` with the response model, summary and documented error statuses."""
    return router.post(
        path, response_model=response, summary=summary, responses=error_responses(*errors)
    )


@_post("/extract", ExtractResponse, "Extract fields from one resume text", *TEXT_ERRORS)
async def extract(
    body: ExtractRequest, request: Request, service: ServiceDep, predictor: PredictorDep
) -> ExtractResponse:
    """Entities (label, start, end, text, score) and grouped recruiter fields of one document."""
    start = time.perf_counter()
    check_text(body.text, service.settings.max_text_chars)
    (entities,), seconds = await predict(service, predictor, [body.text])
    service.metrics.observe_documents("text")
    result = document_result(body.text, entities, body.options)
    return ExtractResponse(**_envelope(request, predictor, start, seconds), **dict(result))


@_post(
    "/extract/batch",
    BatchResponse,
    "Extract fields from several resumes in one batched call",
    *TEXT_ERRORS,
)
async def extract_batch(
    body: BatchRequest, request: Request, service: ServiceDep, predictor: PredictorDep
) -> BatchResponse:
    """All valid documents go through one predict call; a bad document fails only its item."""
    start = time.perf_counter()
    limit = service.settings.max_batch_size
    if len(body.documents) > limit:
        raise ApiError(
            413,
            "batch_too_large",
            f"batch has {len(body.documents)} documents; the limit is {limit}",
        )
    items: list[BatchItem | None] = [None] * len(body.documents)
    valid: list[int] = []
    for index, doc in enumerate(body.documents):
        problem = text_problem(doc.text, service.settings.max_text_chars)
        if problem is None:
            valid.append(index)
        else:
            error = ErrorDetail(code=problem[1], message=problem[2])
            items[index] = BatchItem(index=index, id=doc.id, ok=False, error=error)
    texts = [body.documents[i].text for i in valid]
    predicted, seconds = await predict_batch(service, predictor, texts)
    for index, entities in zip(valid, predicted, strict=True):
        doc = body.documents[index]
        if entities is None:
            error = ErrorDetail(code="inference_failed", message="the model failed on this input")
            items[index] = BatchItem(index=index, id=doc.id, ok=False, error=error)
        else:
            result = document_result(doc.text, entities, body.options)
            items[index] = BatchItem(index=index, id=doc.id, ok=True, result=result)
    results = [item for item in items if item is not None]
    succeeded = sum(item.ok for item in results)
    service.metrics.observe_documents("batch", succeeded)
    return BatchResponse(
        **_envelope(request, predictor, start, seconds),
        results=results,
        succeeded=succeeded,
        failed=len(results) - succeeded,
    )


def _options(raw: str | None) -> ExtractOptions:
    if not raw:
        return ExtractOptions()
    try:
        return ExtractOptions.model_validate_json(raw)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [
            {"loc": ("options", *err["loc"]), "msg": err["msg"]} for err in exc.errors()
        ]
        raise ApiError(422, "invalid_request", validation_message(errors)) from None


@_post(
    "/extract/file",
    FileExtractResponse,
    "Extract fields from an uploaded PDF, DOCX or text file",
    *sorted({400, 415, *TEXT_ERRORS}),
)
async def extract_file(
    request: Request,
    service: ServiceDep,
    predictor: PredictorDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX or UTF-8 text; type from its bytes.")],
    options: Annotated[
        str | None,
        Form(description='ExtractOptions as JSON, e.g. {"min_score": 0.5}', examples=["{}"]),
    ] = None,
) -> FileExtractResponse:
    """The file's text (``read_document``: PDF, DOCX, text), then the same as /v1/extract."""
    start = time.perf_counter()
    chosen = _options(options)
    data = await file.read()
    limit = service.settings.max_file_bytes
    if len(data) > limit:
        raise ApiError(413, "file_too_large", f"file has {len(data)} bytes; the limit is {limit}")
    if not data:
        raise ApiError(400, "no_text", "the file is empty")
    limits = service.limits
    try:
        extracted = await service.files.run(lambda: read_document(data, limits), "reading the file")
    except DocumentError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    extraction_s = time.perf_counter() - start
    check_text(extracted.text, service.settings.max_text_chars)
    (entities,), seconds = await predict(service, predictor, [extracted.text])
    service.metrics.observe_documents("file")
    result = document_result(extracted.text, entities, chosen)
    info = FileInfo(
        filename=file.filename,
        kind=extracted.kind,
        bytes=len(data),
        pages=extracted.pages,
        extracted_chars=len(extracted.text),
    )
    envelope = _envelope(request, predictor, start, seconds, extraction_s)
    return FileExtractResponse(**envelope, file=info, **dict(result))
