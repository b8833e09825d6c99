"""Service settings from ``RESUME_NER_*`` environment variables, mirroring ``ServeConfig``."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.infrastructure.config.sections.serve import ServeConfig

FILE_ROUTE = "/v1/extract/file"
"""The upload route, whose body limit is ``max_file_bytes`` instead of ``max_request_bytes``."""
MULTIPART_OVERHEAD_BYTES = 64 * 1024
"""Room for multipart boundaries and part headers on top of ``max_file_bytes``."""


def _split_list(value: Any) -> Any:
    """Accept a JSON list or a comma-separated string for list settings read from the env."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


class ServiceSettings(BaseSettings):
    """Everything the HTTP service reads at start-up (env prefix ``RESUME_NER_``).

    The first fields mirror :class:`ServeConfig` one to one (``RESUME_NER_MODEL_PATH``,
    ``RESUME_NER_API_KEYS``, ...); the rest are service-only. Lists are read from the
    environment as JSON (``["a", "b"]``) or comma-separated text (``a,b``).
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", case_sensitive=False, frozen=True
    )

    model_path: str | None = Field(None, description="Model folder to serve (ONNX or PyTorch).")
    backend: Literal["auto", "pytorch", "onnx", "onnx_int8"] = Field(
        "auto", description="Inference backend; auto prefers int8 ONNX, then ONNX, then PyTorch."
    )
    host: str = Field("127.0.0.1", description="Bind address.")
    port: int = Field(8000, ge=1, le=65535, description="Bind port.")
    workers: int = Field(1, ge=1, description="uvicorn worker processes.")
    max_request_bytes: int = Field(2_000_000, ge=1024, description="Max JSON body size.")
    max_text_chars: int = Field(200_000, ge=1, description="Max characters of one document.")
    max_batch_size: int = Field(32, ge=1, description="Max documents in one batch request.")
    max_file_bytes: int = Field(10_000_000, ge=1024, description="Max uploaded file size.")
    max_pdf_pages: int = Field(50, ge=1, description="Max PDF pages extracted.")
    request_timeout_s: float = Field(30.0, gt=0, description="Per-request inference timeout.")
    max_queue: int = Field(64, ge=1, description="Queued inference requests before 429.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Allowed CORS origins."
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="Accepted API keys; empty disables auth."
    )
    protect_metrics: bool = Field(True, description="Require an API key for /metrics.")

    lazy: bool = Field(
        False, description="Start without the model; load it in the background (not ready)."
    )
    predictor_factory: str | None = Field(
        None,
        description="Custom predictor factory 'module:callable' taking the settings and "
        "returning a Predictor; default: resume_ner.deployment.inference.load_predictor.",
    )
    model_threads: int | None = Field(
        None, ge=1, description="Threads of one inference call (None: the backend's default)."
    )
    inference_workers: int = Field(
        1, ge=1, description="Inference calls running at once in one process."
    )
    max_docx_uncompressed_bytes: int = Field(
        100_000_000, ge=1024, description="Max total declared uncompressed size of a DOCX."
    )
    max_docx_ratio: float = Field(
        200.0, gt=1, description="Max compression ratio of one large DOCX member (zip bombs)."
    )

    @field_validator("cors_origins", "api_keys", mode="before")
    @classmethod
    def _lists_from_text(cls, value: Any) -> Any:
        return _split_list(value)

    @classmethod
    def from_serve_config(cls, config: ServeConfig, **updates: Any) -> ServiceSettings:
        """Settings from a ``serve`` config section, with ``updates`` applied on top.

        Args:
            config: The validated ``serve`` section.
            **updates: Field values that win over the section (e.g. CLI flags); ``None``
                values are skipped.
        """
        values: dict[str, Any] = dict(config)
        values.update({key: value for key, value in updates.items() if value is not None})
        return cls(**values)

    def key_values(self) -> list[str]:
        """The accepted API keys as plain strings (empty: authentication is off)."""
        return [key.get_secret_value() for key in self.api_keys]

    def body_limit(self, path: str) -> int:
        """The largest request body accepted on ``path``, in bytes."""
        if path == FILE_ROUTE:
            return self.max_file_bytes + MULTIPART_OVERHEAD_BYTES
        return self.max_request_bytes

    def to_env(self) -> dict[str, str]:
        """``RESUME_NER_*`` variables that rebuild these settings in another process."""
        env: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "api_keys":
                text = json.dumps(self.key_values())
            elif isinstance(value, list):
                text = json.dumps(value)
            elif isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = str(value)
            env[f"{ENV_PREFIX}{name.upper()}"] = text
        return env
