"""Load the predictor through one factory, warm it up, and track whether the service is ready."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from resume_ner.deployment.api.settings import ServiceSettings
from resume_ner.deployment.inference.types import ModelInfo, Predictor

logger = logging.getLogger(__name__)

PredictorFactory = Callable[[ServiceSettings], Predictor]
"""Builds the predictor from the settings; the one seam tests and custom backends use."""

WARMUP_TEXT = (
    "Jane Doe\nSenior Software Engineer at Acme Corp, Berlin\njane.doe@example.com\n"
    "B.Sc. Computer Science, 2015. Skills: Python, SQL, Docker."
)
"""The document predicted once before the service reports ready."""


class ModelLoadError(RuntimeError):
    """The model could not be loaded or warmed up; the message says why and what to do."""


def _import_factory(spec: str) -> PredictorFactory:
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ModelLoadError(
            f"predictor factory {spec!r} is not of the form 'package.module:callable'"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelLoadError(
            f"cannot import predictor factory module {module_name!r}: {exc}"
        ) from exc
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise ModelLoadError(f"predictor factory {spec!r}: {module_name} has no callable {attr!r}")
    return cast(PredictorFactory, factory)


def default_predictor_factory(settings: ServiceSettings) -> Predictor:
    """The predictor for ``settings``: the custom factory when set, else ``load_predictor``.

    Raises:
        ModelLoadError: No model path, a missing folder, no inference backend installed, or
            a custom factory that cannot be imported.
    """
    if settings.predictor_factory:
        return _import_factory(settings.predictor_factory)(settings)
    if not settings.model_path:
        raise ModelLoadError("no model to serve: pass --model PATH or set RESUME_NER_MODEL_PATH")
    path = Path(settings.model_path).expanduser()
    if not path.exists():
        raise ModelLoadError(f"model folder not found: {path}")
    try:
        from resume_ner.deployment import inference
    except ImportError as exc:
        raise ModelLoadError(f"the inference backend is not available: {exc}") from exc
    return inference.load_predictor(path, backend=settings.backend, threads=settings.model_threads)


@dataclass
class ModelState:
    """The service's model and why it is (not) ready."""

    predictor: Predictor | None = None
    info: ModelInfo | None = None
    ready: bool = False
    reason: str = "the model is not loaded yet"
    load_seconds: float | None = None


def load_and_warm_up(
    settings: ServiceSettings, factory: PredictorFactory, state: ModelState
) -> ModelState:
    """Build the predictor, run one warm-up prediction, and mark ``state`` ready.

    Blocking; call it off the event loop. On failure ``state`` stays not ready with the
    reason and the error is raised.

    Raises:
        ModelLoadError: Loading or the warm-up prediction failed.
    """
    where = settings.model_path or settings.predictor_factory or "(no model path)"
    state.reason = f"loading the model from {where}"
    start = time.perf_counter()
    try:
        predictor = factory(settings)
        info = predictor.info
        result = predictor.predict([WARMUP_TEXT])
        if len(result) != 1:
            raise ModelLoadError(f"warm-up prediction returned {len(result)} results for 1 text")
    except Exception as exc:
        message = str(exc) if isinstance(exc, ModelLoadError) else f"{type(exc).__name__}: {exc}"
        state.reason = f"model failed to load from {where}: {message}"
        raise ModelLoadError(state.reason) from exc
    state.predictor, state.info = predictor, info
    state.load_seconds = time.perf_counter() - start
    state.ready, state.reason = True, "ready"
    logger.info(
        "model %s (%s, backend %s) loaded and warmed up in %.2f s",
        info.name,
        info.backbone,
        info.backend,
        state.load_seconds,
    )
    return state
