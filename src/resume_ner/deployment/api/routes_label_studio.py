"""``/label-studio/*``: the Label Studio ML backend protocol (health, setup, predict, webhook).

Connect a Label Studio project to ``<service>/label-studio``; with API keys configured, use
basic auth with the key as password. Webhooks are counted per project; no text is kept.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from resume_ner.deployment.api.auth import require_label_studio_key
from resume_ner.deployment.api.errors import ApiError
from resume_ner.deployment.api.label_studio import (
    WebhookLog,
    parse_config,
    prediction,
    project_id,
)
from resume_ner.deployment.api.responses import error_responses
from resume_ner.deployment.api.service import (
    PredictorDep,
    ServiceDep,
    predict_batch,
    text_problem,
)
from resume_ner.deployment.inference.types import Entity, Predictor

router = APIRouter(
    prefix="/label-studio",
    tags=["label studio"],
    dependencies=[Depends(require_label_studio_key)],
)

MODEL_CLASS = "ResumeNER"
"""The ``model_class`` reported to Label Studio."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SetupRequest(_Open):
    """Sent when a project connects (fields beyond these are ignored)."""

    project: str | int | None = None
    schema_: str | None = Field(default=None, alias="schema")
    model_version: str | None = None


class LabelStudioTask(_Open):
    """One task: its id and its ``data`` (the text under the config's ``<Text value>``)."""

    id: int | str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class PredictRequest(_Open):
    """Tasks to pre-annotate, with the project's labelling config."""

    tasks: list[LabelStudioTask]
    project: str | int | None = None
    label_config: str | None = None
    params: dict[str, Any] | None = None


def model_version(predictor: Predictor) -> str:
    """``<name>@<version>`` of the loaded model."""
    info = predictor.info
    return f"{info.name}@{info.version}" if info.version else info.name


def webhook_log(request: Request) -> WebhookLog:
    """The app's webhook log (created by ``create_app``)."""
    log: WebhookLog = request.app.state.label_studio_webhooks
    return log


@router.get("/health", summary="Label Studio: backend status", responses=error_responses(503))
async def health(request: Request, predictor: PredictorDep) -> dict[str, Any]:
    """``UP`` with the model version and the annotation events seen per project."""
    return {
        "status": "UP",
        "model_class": MODEL_CLASS,
        "model_version": model_version(predictor),
        "annotations": webhook_log(request).snapshot(),
    }


@router.post("/setup", summary="Label Studio: connect a project", responses=error_responses(503))
async def setup(body: SetupRequest, predictor: PredictorDep) -> dict[str, str]:
    """The model version the project's predictions will carry."""
    return {"model_version": model_version(predictor)}


@router.post(
    "/predict",
    summary="Label Studio: pre-annotate tasks",
    responses=error_responses(401, 403, 422, 429, 503, 504),
)
async def predict(
    body: PredictRequest, service: ServiceDep, predictor: PredictorDep
) -> dict[str, list[dict[str, Any]]]:
    """``{"results": [prediction per task, in order]}``; an unreadable task gets no regions."""
    config = parse_config(body.label_config)
    version = model_version(predictor)
    limit = service.settings.max_text_chars
    texts = [config.text_of(task.data) for task in body.tasks]
    valid = [i for i, t in enumerate(texts) if t is not None and text_problem(t, limit) is None]
    entities: list[list[Entity] | None] = [None] * len(texts)
    size = service.settings.max_batch_size
    for first in range(0, len(valid), size):
        chunk = valid[first : first + size]
        found, _ = await predict_batch(service, predictor, [str(texts[i]) for i in chunk])
        for index, spans in zip(chunk, found, strict=True):
            entities[index] = spans
    service.metrics.observe_documents("label_studio", sum(e is not None for e in entities))
    results = [prediction(found or [], config, version) for found in entities]
    return {"results": results}


@router.post("/webhook", summary="Label Studio: annotation events", status_code=201)
async def webhook(request: Request) -> dict[str, Any]:
    """Count the event for its project (the payload, with its text, is not kept)."""
    try:
        payload = await request.json()
    except ValueError:
        raise ApiError(422, "invalid_request", "the webhook body is not JSON") from None
    if not isinstance(payload, dict):
        raise ApiError(422, "invalid_request", "the webhook body is not a JSON object")
    project = project_id(payload.get("project"))
    log = webhook_log(request)
    log.record(project)
    return {"project": project, "events": log.snapshot()[project]["events"]}
