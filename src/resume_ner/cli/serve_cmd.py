"""``resume-ner serve``: run the HTTP service with uvicorn (settings travel through the env)."""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from resume_ner.deployment.api.settings import ServiceSettings

APP_FACTORY = "resume_ner.deployment.api.app:create_app"
"""Import string of the app factory each uvicorn worker calls."""

app = typer.Typer(
    help="Serve a model over HTTP: `serve --model PATH` (text, PDF and DOCX resumes).",
    invoke_without_command=True,
)

_MODEL_HELP = "Model folder to serve (ONNX or PyTorch); env RESUME_NER_MODEL_PATH."
_BACKEND_HELP = "Inference backend: auto, pytorch, onnx or onnx_int8."
_LAZY_HELP = "Start at once and load the model in the background (/ready is 503 until then)."
_FACTORY_HELP = "Custom predictor factory 'module:callable' (settings -> Predictor)."


def build_settings(
    config: list[Path] | None, overrides: list[str] | None, flags: dict[str, Any]
) -> ServiceSettings:
    """The service settings: flags > ``--config``/``--set`` > ``RESUME_NER_*`` env > defaults.

    Config values equal to the ``ServeConfig`` defaults do not override the environment.
    """
    from resume_ner.cli.context import load_cli_config
    from resume_ner.deployment.api.settings import ServiceSettings
    from resume_ner.infrastructure.config.sections.serve import ServeConfig

    values = dict(ServiceSettings())
    serve = load_cli_config(config, overrides).serve
    defaults = ServeConfig()
    for name in ServeConfig.model_fields:
        if getattr(serve, name) != getattr(defaults, name):
            values[name] = getattr(serve, name)
    values.update({key: value for key, value in flags.items() if value is not None})
    return ServiceSettings(**values)


def _preflight(settings: ServiceSettings) -> None:
    """Fail fast with one line for a missing model; with several workers, load it once here."""
    from resume_ner.cli.context import fail
    from resume_ner.deployment.api.model_state import (
        ModelLoadError,
        ModelState,
        default_predictor_factory,
        load_and_warm_up,
    )

    if settings.lazy:
        return
    if not settings.predictor_factory:
        if not settings.model_path:
            fail("no model to serve: pass --model PATH or set RESUME_NER_MODEL_PATH")
        elif not Path(settings.model_path).expanduser().exists():
            fail(f"model folder not found: {settings.model_path}")
    if settings.workers > 1:
        try:
            load_and_warm_up(settings, default_predictor_factory, ModelState())
        except ModelLoadError as exc:
            fail(str(exc))


def _log_config() -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    level = logging.getLevelName(logging.getLogger("resume_ner").level or logging.INFO)
    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["formatters"] = {
        **LOGGING_CONFIG["formatters"],
        "service": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    }
    config["handlers"] = {
        **LOGGING_CONFIG["handlers"],
        "service": {
            "class": "logging.StreamHandler",
            "formatter": "service",
            "stream": "ext://sys.stderr",
        },
    }
    config["loggers"] = {
        **LOGGING_CONFIG["loggers"],
        "resume_ner": {"handlers": ["service"], "level": level, "propagate": False},
    }
    return config


def export_settings(settings: ServiceSettings, env: MutableMapping[str, str] | None = None) -> None:
    """Put ``settings`` into ``RESUME_NER_*`` variables (default: this process's environment,
    inherited by every worker), replacing any that were set before."""
    target = os.environ if env is None else env
    for name in type(settings).model_fields:
        target.pop(f"RESUME_NER_{name.upper()}", None)
    target.update(settings.to_env())


@app.callback(invoke_without_command=True)
def serve(
    model: Annotated[str | None, typer.Option("--model", "-m", help=_MODEL_HELP)] = None,
    host: Annotated[str | None, typer.Option("--host", help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="Port.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Processes.")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help=_BACKEND_HELP)] = None,
    lazy: Annotated[bool | None, typer.Option("--lazy/--no-lazy", help=_LAZY_HELP)] = None,
    predictor_factory: Annotated[
        str | None, typer.Option("--predictor-factory", help=_FACTORY_HELP)
    ] = None,
    config: Annotated[
        list[Path] | None, typer.Option("--config", "-c", help="YAML config (serve section).")
    ] = None,
    overrides: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="Override key=value, repeatable.")
    ] = None,
) -> None:
    """Serve the model with uvicorn until interrupted (Ctrl-C stops it gracefully)."""
    from pydantic import ValidationError

    from resume_ner.cli.context import fail

    flags = {
        "model_path": model,
        "host": host,
        "port": port,
        "workers": workers,
        "backend": backend,
        "lazy": lazy,
        "predictor_factory": predictor_factory,
    }
    try:
        settings = build_settings(config, overrides, flags)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        fail(f"invalid serve settings: {problems}")
    _preflight(settings)
    export_settings(settings)
    import uvicorn

    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=_log_config(),
        access_log=False,
        server_header=False,
    )
