"""Config of the HTTP service (also settable via RESUME_NER_SERVE__* env vars)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from resume_ner.infrastructure.config.base import StrictModel


class ServeConfig(StrictModel):
    """Limits, security and runtime of the FastAPI service."""

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
    max_image_pixels: int = Field(
        40_000_000, ge=1, description="Max pixels of one image page (decompression bombs: 413)."
    )
    max_image_pages: int = Field(20, ge=1, description="Max pages of a multi-page TIFF.")
    request_timeout_s: float = Field(30.0, gt=0, description="Per-request inference timeout.")
    max_queue: int = Field(64, ge=1, description="Queued inference requests before 429.")
    cors_origins: list[str] = Field(default_factory=list, description="Allowed CORS origins.")
    api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Accepted API keys; empty disables auth. Env: RESUME_NER_SERVE__API_KEYS.",
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
