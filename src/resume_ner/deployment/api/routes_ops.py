"""Operations routes: ``/health``, ``/ready``, ``/metrics`` and ``/v1/model``."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from resume_ner.deployment.api.auth import require_api_key, require_metrics_key
from resume_ner.deployment.api.errors import ApiError
from resume_ner.deployment.api.metrics import PROMETHEUS_CONTENT_TYPE
from resume_ner.deployment.api.responses import error_responses
from resume_ner.deployment.api.schemas import HealthResponse, ModelResponse, ReadyResponse
from resume_ner.deployment.api.service import PredictorDep, ServiceDep

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=HealthResponse, summary="Liveness: the process is up")
async def health() -> HealthResponse:
    """Always 200 while the process serves requests (never touches the model)."""
    return HealthResponse()


@router.get(
    "/ready",
    response_model=ReadyResponse,
    summary="Readiness: model loaded and warmed up",
    responses=error_responses(503),
)
async def ready(service: ServiceDep) -> ReadyResponse:
    """200 once the model is loaded and a warm-up prediction succeeded; 503 with the reason."""
    model = service.model
    if not model.ready or model.info is None:
        raise ApiError(503, "not_ready", model.reason, headers={"Retry-After": "5"})
    return ReadyResponse(ready=True, reason=model.reason, model=model.info.name)


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Prometheus metrics of this process",
    dependencies=[Depends(require_metrics_key)],
    responses=error_responses(401, 403),
)
async def metrics(service: ServiceDep) -> PlainTextResponse:
    """Requests, latency histogram, errors by code, documents and model load time."""
    service.metrics.inference_pending = service.inference.pending
    return PlainTextResponse(service.metrics.render(), media_type=PROMETHEUS_CONTENT_TYPE)


@router.get(
    "/v1/model",
    response_model=ModelResponse,
    summary="The served model",
    tags=["model"],
    dependencies=[Depends(require_api_key)],
    responses=error_responses(401, 403, 503),
)
async def model_info(service: ServiceDep, predictor: PredictorDep) -> ModelResponse:
    """Name, backbone, labels, fingerprints, max length, stride, backend and version."""
    return ModelResponse(**predictor.info.to_dict(), load_seconds=service.model.load_seconds)
