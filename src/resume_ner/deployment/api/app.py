"""``create_app``: the FastAPI service, its lifespan (model load + warm-up) and wiring."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from resume_ner import __version__
from resume_ner.deployment.api.errors import install_error_handlers
from resume_ner.deployment.api.label_studio import WebhookLog
from resume_ner.deployment.api.middleware import ServiceMiddleware
from resume_ner.deployment.api.model_state import (
    ModelLoadError,
    PredictorFactory,
    default_predictor_factory,
    load_and_warm_up,
)
from resume_ner.deployment.api.routes_extract import router as extract_router
from resume_ner.deployment.api.routes_label_studio import router as label_studio_router
from resume_ner.deployment.api.routes_ops import router as ops_router
from resume_ner.deployment.api.service import Service
from resume_ner.deployment.api.settings import ServiceSettings

logger = logging.getLogger(__name__)

DESCRIPTION = """Extract structured fields (name, emails, phones, skills, companies, titles,
degrees, colleges, years) from resumes sent as text, PDF or DOCX.

Errors are always `{"error": {"code", "message", "request_id"}}`; every response carries an
`X-Request-ID` header. When API keys are configured, `/v1/*` (and `/metrics` when protected)
need `Authorization: Bearer <key>` or `X-API-Key: <key>`."""


async def _load(service: Service, factory: PredictorFactory, *, lazy: bool) -> None:
    """Load the model off the event loop; a lazy load that fails leaves the service not ready."""
    try:
        await asyncio.to_thread(load_and_warm_up, service.settings, factory, service.model)
    except ModelLoadError as exc:
        if lazy:
            logger.error("%s; the service stays not ready", exc)
            return
        logger.error("%s", exc)
        service.shutdown()
        raise
    service.metrics.model_load_seconds = service.model.load_seconds
    service.metrics.model_ready = True


def _lifespan(factory: PredictorFactory) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service: Service = app.state.service
        background: asyncio.Task[None] | None = None
        if service.settings.lazy:
            background = asyncio.create_task(_load(service, factory, lazy=True))
        else:
            await _load(service, factory, lazy=False)
        try:
            yield
        finally:
            if background is not None and not background.done():
                background.cancel()
            service.shutdown()

    return lifespan


def create_app(
    settings: ServiceSettings | None = None, predictor_factory: PredictorFactory | None = None
) -> FastAPI:
    """Build the service; the model loads in the lifespan, not here.

    With no arguments (uvicorn ``--factory`` mode, one call per worker) the settings come
    from the ``RESUME_NER_*`` environment and the predictor from
    :func:`default_predictor_factory`.
    """
    settings = settings if settings is not None else ServiceSettings()
    service = Service(settings)
    factory = predictor_factory or default_predictor_factory
    app = FastAPI(
        title="resume-ner",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan(factory),
    )
    app.state.service = service
    app.state.label_studio_webhooks = WebhookLog()
    install_error_handlers(app)
    app.include_router(ops_router)
    app.include_router(extract_router)
    app.include_router(label_studio_router)
    app.add_middleware(ServiceMiddleware, settings=settings, metrics=service.metrics)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    return app
